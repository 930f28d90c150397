import type { ClusterSpec } from '../cluster/types.js';
import { clusterMembers } from '../plan/member-address.js';
import type { HostFacts } from '../shell/facts.js';
import type { HostConnection } from '../ssh/index.js';
import { closeAll, connectCluster, gatherFacts, type ReachOptions } from './connect.js';
import type { ReachedMembers } from './members.js';

/** The hosts reached, before anything is made or planned: connections, members and facts. */
export interface ReachedCluster extends ReachedMembers {
	readonly facts: ReadonlyMap<string, HostFacts>;
}

/** Reaches the hosts, runs `use` on them, and closes every connection however it ends. */
export async function withReachedCluster<T>(
	spec: ClusterSpec,
	clusterFile: string,
	options: ReachOptions,
	use: (reached: ReachedCluster) => Promise<T>,
): Promise<T> {
	const reached = await reachCluster(spec, clusterFile, options);
	try {
		return await use(reached);
	} finally {
		closeAll(reached.connections);
	}
}

/** Some hosts refuse to run a command with sudo without a password; `failures` says why. */
export class SudoRefusedError extends Error {
	override readonly name = 'SudoRefusedError';
	readonly failures: ReadonlyMap<string, Error>;

	constructor(failures: ReadonlyMap<string, Error>) {
		super([...failures.values()].map((error) => error.message).join('; '));
		this.failures = failures;
	}
}

export interface ReachClusterOptions extends ReachOptions {
	/**
	 * Ask every host for sudo before the facts (which need it), so that each refusing host is
	 * named in a SudoRefusedError instead of the first refusal ending the run.
	 */
	readonly verifySudo?: boolean;
}

/** Connects to every host and gathers its facts; closes what it opened when it fails. */
export async function reachCluster(
	spec: ClusterSpec,
	clusterFile: string,
	options: ReachClusterOptions,
): Promise<ReachedCluster> {
	options.emit({ type: 'phase', title: `Connecting to ${spec.hosts.length} hosts` });
	const connections = await connectCluster(spec, clusterFile, options);
	try {
		if (options.verifySudo) {
			const refused = await sudoFailures(connections, options.signal);
			if (refused.size > 0) throw new SudoRefusedError(refused);
		}
		const facts = await gatherFacts(spec, connections, options);
		const members = clusterMembers(spec, facts);
		return { spec, clusterFile, connections, facts, members };
	} catch (error) {
		closeAll(connections);
		throw error;
	}
}

/** Hosts where sudo does not run a command without a password (the SSH layer says why). */
async function sudoFailures(
	connections: ReadonlyMap<string, HostConnection>,
	signal: AbortSignal | undefined,
): Promise<Map<string, Error>> {
	const outcomes = await Promise.allSettled(
		[...connections.values()].map((c) =>
			c.exec('true', { sudo: true, check: true, timeoutMs: 15_000, ...(signal ? { signal } : {}) }),
		),
	);
	const names = [...connections.keys()];
	const failures = new Map<string, Error>();
	outcomes.forEach((outcome, i) => {
		if (outcome.status === 'rejected') {
			if ((outcome.reason as Error).name === 'AbortError') throw outcome.reason;
			failures.set(names[i] ?? '?', outcome.reason as Error);
		}
	});
	return failures;
}
