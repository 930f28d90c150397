import type { ClusterHealth } from './types.js';

/** Exit code of `health`: 0 every member healthy, 1 quorum but not all, 2 no quorum or nothing reachable. */
export function healthExitCode(health: ClusterHealth): 0 | 1 | 2 {
	if (health.cluster.healthy) return 0;
	return health.cluster.quorum ? 1 : 2;
}
