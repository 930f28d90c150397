import type { ClusterSpec } from '../cluster/types.js';
import { clusterMembers } from '../plan/member-address.js';
import type { NodeContext } from '../render/etcd-config.js';
import type { InterfaceFacts } from '../shell/facts.js';
import { interfacesScript, parseInterfaces } from '../shell/interfaces.js';
import type { HostConnection } from '../ssh/index.js';
import { closeAll, connectCluster, type ReachOptions } from './connect.js';

/** The hosts reached and each member's address: what a health pass or a day-2 engine needs. */
export interface ReachedMembers {
	readonly spec: ClusterSpec;
	readonly clusterFile: string;
	readonly connections: ReadonlyMap<string, HostConnection>;
	/** Members with their address on the cluster interface (a host that lacks it is left out). */
	readonly members: readonly NodeContext[];
}

/** How long the interface listing may take on one host. */
const LIST_TIMEOUT_MS = 10_000;

/**
 * Connects to every host and reads only their interfaces (a few milliseconds, where the whole
 * facts take a third of a second); closes what it opened when it fails. A host whose listing
 * fails is left out of `members`: the health pass reports it unreachable.
 */
export async function reachMembers(
	spec: ClusterSpec,
	clusterFile: string,
	options: ReachOptions,
): Promise<ReachedMembers> {
	const connections = await connectCluster(spec, clusterFile, options);
	try {
		const listed = await Promise.all(
			[...connections].map(async ([name, connection]) => {
				const interfaces = await listInterfaces(connection, options.signal);
				return [name, { interfaces }] as const;
			}),
		);
		return { spec, clusterFile, connections, members: clusterMembers(spec, new Map(listed)) };
	} catch (error) {
		closeAll(connections);
		throw error;
	}
}

async function listInterfaces(
	connection: HostConnection,
	signal: AbortSignal | undefined,
): Promise<InterfaceFacts[]> {
	try {
		const result = await connection.exec('sh -s', {
			stdin: interfacesScript(),
			timeoutMs: LIST_TIMEOUT_MS,
			...(signal ? { signal } : {}),
		});
		return parseInterfaces(result.stdout);
	} catch {
		signal?.throwIfAborted();
		return [];
	}
}
