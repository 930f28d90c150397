export { checkCluster, summarizeCluster } from './check-cluster.js';
export { checkMember, DEFAULT_TIMEOUT_MS } from './check-member.js';
export { healthExitCode } from './exit-code.js';
export { bytes, clusterLine, formatHealthTable } from './format-table.js';
export { memberIdHex } from './gateway-json.js';
export type {
	CheckOptions,
	ClientIdentity,
	ClusterHealth,
	ClusterSummary,
	Dial,
	ListedMember,
	MemberCheck,
	MemberEndpoint,
	MemberHealth,
} from './types.js';
export { type WaitOptions, waitForHealthy } from './wait-for-healthy.js';
