import type { ClusterSpec } from '../cluster/types.js';
import type { NodeContext } from '../render/etcd-config.js';
import type { HostConnection } from '../ssh/index.js';
import { probeCluster } from './probe-cluster.js';
import { memberEndpoints, sshDial } from './ssh-dial.js';
import type { ClientIdentity, ClusterHealth, Dial, MemberEndpoint } from './types.js';
import { waitForHealthy } from './wait-for-healthy.js';

/** How long a member gets to come back healthy after a start or restart. */
export const HEALTHY_DEADLINE_MS = 120_000;

/** The cluster's members as the health checks reach them: through each member's own host. */
export interface ClusterProbe {
	readonly endpoints: readonly MemberEndpoint[];
	readonly dial: Dial;
	/** One pass over every member. */
	check(identity: ClientIdentity): Promise<ClusterHealth>;
	/** Passes until `want` holds; rejects naming the members that are not healthy at the deadline. */
	healthy(
		identity: ClientIdentity,
		want: 'quorum' | 'all',
		deadlineMs?: number,
	): Promise<ClusterHealth>;
}

/** Health checks of `members` with the identity each call gives, through SSH tunnels. */
export function clusterProbe(
	spec: ClusterSpec,
	members: readonly NodeContext[],
	connections: ReadonlyMap<string, HostConnection>,
	options: { readonly signal?: AbortSignal; readonly intervalMs?: number } = {},
): ClusterProbe {
	const { signal, intervalMs } = options;
	const endpoints = memberEndpoints(spec, members);
	const dial = sshDial(connections);
	const withSignal = signal ? { signal } : {};
	return {
		endpoints,
		dial,
		check: (identity) => probeCluster(spec.name, endpoints, identity, dial, withSignal),
		healthy: (identity, want, deadlineMs = HEALTHY_DEADLINE_MS) =>
			waitForHealthy(spec.name, endpoints, identity, dial, {
				deadlineMs,
				want,
				...(intervalMs === undefined ? {} : { intervalMs }),
				...withSignal,
			}),
	};
}
