import { clusterPath } from '../cluster/paths.js';
import type { ClusterSpec } from '../cluster/types.js';
import type { EmitEvent } from '../events/run-event.js';
import { etcdConfigPath, etcdctlEnvPath, UNIT_PATH } from '../render/index.js';
import { factScript, parseFacts } from '../shell/fact-script.js';
import type { HostFacts } from '../shell/facts.js';
import type { UnknownHostKeyPrompt } from '../ssh/index.js';
import { type ConnectOptions, connectAll, type HostConnection } from '../ssh/index.js';

/** How a command reaches the hosts; shared by apply, plan, health, check and rekey. */
export interface ReachOptions {
	readonly acceptNewHostKeys: boolean;
	readonly onUnknownHostKey?: UnknownHostKeyPrompt;
	/** The identity file's passphrase, asked by the wizard; never stored. */
	readonly passphrase?: string;
	readonly signal?: AbortSignal;
	readonly emit: EmitEvent;
}

/** One SSH connection per host, all at once; host keys checked against known_hosts. */
export async function connectCluster(
	spec: ClusterSpec,
	clusterFile: string,
	options: ReachOptions,
): Promise<Map<string, HostConnection>> {
	const agent = spec.ssh.agent ? process.env.SSH_AUTH_SOCK : undefined;
	const connect: ConnectOptions = {
		user: spec.ssh.user,
		port: spec.ssh.port,
		knownHostsFile: clusterPath(clusterFile, spec.ssh.knownHostsFile),
		acceptNewHostKeys: options.acceptNewHostKeys,
		...(spec.ssh.identityFile
			? { identityFile: clusterPath(clusterFile, spec.ssh.identityFile) }
			: {}),
		...(agent ? { agent } : {}),
		...(options.passphrase ? { passphrase: options.passphrase } : {}),
		...(options.onUnknownHostKey ? { onUnknownHostKey: options.onUnknownHostKey } : {}),
		...(options.signal ? { signal: options.signal } : {}),
	};
	return connectAll(spec.hosts, connect, options.emit);
}

/** The files whose state the planner compares; keys are hashed, never read back. */
function watchedFiles(spec: ClusterSpec): { path: string; withContent: boolean }[] {
	const conf = (name: string) => `${spec.etcd.confDir}/${name}`;
	return [
		{ path: conf('ca.crt'), withContent: true },
		{ path: conf('server.crt'), withContent: true },
		{ path: conf('server.key'), withContent: false },
		{ path: conf('peer.crt'), withContent: true },
		{ path: conf('peer.key'), withContent: false },
		{ path: etcdConfigPath(spec), withContent: true },
		{ path: etcdctlEnvPath(spec), withContent: true },
		{ path: UNIT_PATH, withContent: true },
	];
}

/** Gathers every host's facts in one round trip each, all hosts at once. */
export async function gatherFacts(
	spec: ClusterSpec,
	connections: ReadonlyMap<string, HostConnection>,
	options: Pick<ReachOptions, 'emit' | 'signal'>,
): Promise<Map<string, HostFacts>> {
	const script = factScript({
		user: spec.etcd.user,
		group: spec.etcd.group,
		dirs: [spec.etcd.confDir, spec.etcd.dataDir],
		binDir: spec.etcd.binDir,
		dataDir: spec.etcd.dataDir,
		files: watchedFiles(spec),
	});
	const entries = await Promise.all(
		[...connections].map(async ([name, connection]) => {
			options.emit({ type: 'node-step-started', node: name, step: 'facts', title: 'Gather facts' });
			const result = await connection.exec('sh -s', {
				sudo: true,
				stdin: script,
				check: true,
				timeoutMs: 30_000,
				...(options.signal ? { signal: options.signal } : {}),
			});
			const facts = parseFacts(result.stdout);
			options.emit({
				type: 'node-step-done',
				node: name,
				step: 'facts',
				changed: false,
				detail: `${facts.os}, ${facts.arch}, etcd ${facts.etcdVersion ?? 'not installed'}`,
			});
			return [name, facts] as const;
		}),
	);
	return new Map(entries);
}

/** Closes every connection; safe to call twice. */
export function closeAll(connections: ReadonlyMap<string, HostConnection> | undefined): void {
	for (const connection of connections?.values() ?? []) connection.close();
}
