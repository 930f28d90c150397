import type { ClusterSpec } from '../cluster/types.js';
import type { NodeContext } from '../render/etcd-config.js';
import type { HostConnection } from '../ssh/index.js';
import type { Dial, MemberEndpoint } from './types.js';

/** The one SSH connection to `name`; a missing one is a bug of the caller. */
export function connectionTo(
	connections: ReadonlyMap<string, HostConnection>,
	name: string,
): HostConnection {
	const connection = connections.get(name);
	if (!connection) throw new Error(`no SSH connection to ${name}`);
	return connection;
}

/**
 * The one way health checks reach a member: a tunnel through that member's own SSH connection
 * to its client port, so the client port never has to be open to this machine.
 */
export function sshDial(connections: ReadonlyMap<string, HostConnection>): Dial {
	return async (member) =>
		connectionTo(connections, member.name).forwardOut(member.ip, member.clientPort);
}

/** Each member's client endpoint on its cluster address. */
export function memberEndpoints(
	spec: Pick<ClusterSpec, 'etcd'>,
	members: readonly NodeContext[],
): MemberEndpoint[] {
	return members.map((m) => ({ name: m.name, ip: m.clusterIp, clientPort: spec.etcd.clientPort }));
}
