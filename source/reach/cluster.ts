import type { ClusterSpec } from '../cluster/types.js';
import { clusterMembers } from '../plan/member-address.js';
import type { NodeContext } from '../render/etcd-config.js';
import type { HostFacts } from '../shell/facts.js';
import type { HostConnection } from '../ssh/index.js';
import { closeAll, connectCluster, gatherFacts, type ReachOptions } from './connect.js';

/** The hosts reached, before anything is made or planned: connections and facts. */
export interface ReachedCluster {
	readonly spec: ClusterSpec;
	readonly clusterFile: string;
	readonly connections: ReadonlyMap<string, HostConnection>;
	readonly facts: ReadonlyMap<string, HostFacts>;
	/** Members with their address on etcd.interface (empty when a host lacks it). */
	readonly members: readonly NodeContext[];
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

/** Connects to every host and gathers its facts; closes what it opened when it fails. */
export async function reachCluster(
	spec: ClusterSpec,
	clusterFile: string,
	options: ReachOptions,
): Promise<ReachedCluster> {
	options.emit({ type: 'phase', title: `Connecting to ${spec.hosts.length} hosts` });
	const connections = await connectCluster(spec, clusterFile, options);
	try {
		const facts = await gatherFacts(spec, connections, options);
		const members = clusterMembers(spec, facts);
		return { spec, clusterFile, connections, facts, members };
	} catch (error) {
		closeAll(connections);
		throw error;
	}
}
