import type { EmitEvent } from '../events/run-event.js';
import { type ConnectOptions, connectHost, type HostConnection } from './connection.js';
import { SshError } from './errors.js';
import type { UnknownHostKeyPrompt } from './host-key.js';

/** A host to connect to: its member name and where SSH reaches it. */
export interface PoolHost {
	readonly name: string;
	readonly address: string;
}

/** Some hosts could not be reached; `failures` holds each one's own error. */
export class ConnectAllError extends SshError {
	override readonly name: string = 'ConnectAllError';
	readonly failures: ReadonlyMap<string, Error>;

	constructor(total: number, failures: ReadonlyMap<string, Error>) {
		const names = [...failures.keys()];
		const lines = [...failures.values()].map((error) => error.message);
		const hints = [...failures.values()].map((error) =>
			error instanceof SshError ? error.hint : '',
		);
		super(
			names.join(', '),
			`cannot connect to ${failures.size} of ${total} hosts: ${lines.join('; ')}`,
			[...new Set(hints.filter((hint) => hint !== ''))].join('; '),
		);
		this.failures = failures;
	}
}

/**
 * Connects to every host at once. Resolves with a connection per host name when all succeed;
 * otherwise closes the ones that did and rejects with a ConnectAllError naming each failed
 * host. Emits `connect` step events per host. Host key prompts are asked one at a time.
 */
export async function connectAll(
	hosts: readonly PoolHost[],
	options: ConnectOptions,
	onEvent?: EmitEvent,
): Promise<Map<string, HostConnection>> {
	const prompt = options.onUnknownHostKey;
	const shared: ConnectOptions = prompt
		? { ...options, onUnknownHostKey: oneAtATime(prompt) }
		: options;
	const results = await Promise.allSettled(
		hosts.map(async (host) => {
			onEvent?.({
				type: 'node-step-started',
				node: host.name,
				step: 'connect',
				title: `Connect to ${host.address}:${options.port} over SSH`,
			});
			try {
				const connection = await connectHost(host.name, host.address, shared);
				onEvent?.({ type: 'node-step-done', node: host.name, step: 'connect', changed: false });
				return connection;
			} catch (error) {
				onEvent?.({
					type: 'node-step-failed',
					node: host.name,
					step: 'connect',
					error: (error as Error).message,
					...(error instanceof SshError ? { hint: error.hint } : {}),
				});
				throw error;
			}
		}),
	);
	const connections = new Map<string, HostConnection>();
	const failures = new Map<string, Error>();
	results.forEach((result, index) => {
		const name = hosts[index]?.name ?? String(index);
		if (result.status === 'fulfilled') connections.set(name, result.value);
		else failures.set(name, result.reason as Error);
	});
	if (failures.size === 0) return connections;
	for (const connection of connections.values()) connection.close();
	const aborted = [...failures.values()].find((error) => error.name === 'AbortError');
	if (aborted) throw aborted;
	throw new ConnectAllError(hosts.length, failures);
}

/** Wraps a prompt so that parallel connections ask their questions one after another. */
function oneAtATime(prompt: UnknownHostKeyPrompt): UnknownHostKeyPrompt {
	let queue: Promise<unknown> = Promise.resolve();
	return (info) => {
		const answer = queue.then(() => prompt(info));
		queue = answer.catch(() => undefined);
		return answer;
	};
}
