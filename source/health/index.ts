export { healthExitCode } from './exit-code.js';
export { bytes, clusterLine, formatHealthTable } from './format-table.js';
export { memberIdHex } from './gateway-json.js';
export { probeCluster, summarizeCluster } from './probe-cluster.js';
export { DEFAULT_TIMEOUT_MS, probeMember } from './probe-member.js';
export type {
	ClientIdentity,
	ClusterHealth,
	ClusterSummary,
	Dial,
	ListedMember,
	MemberCheck,
	MemberEndpoint,
	MemberHealth,
	ProbeOptions,
} from './types.js';
export { type WaitOptions, waitForHealthy } from './wait-for-healthy.js';
