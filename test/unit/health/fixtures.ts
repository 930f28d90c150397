import type { ListedMember, MemberCheck, MemberHealth } from '../../../source/health/types.js';

/** The keys of `health --json`, in design.md's order. */
export const DESIGN_CLUSTER_KEYS = ['name', 'healthy', 'quorum', 'leader', 'clusterId', 'members'];
export const DESIGN_MEMBER_KEYS = [
	'name',
	'endpoint',
	'id',
	'version',
	'dbSize',
	'dbSizeInUse',
	'isLeader',
	'isLearner',
	'raftTerm',
	'raftIndex',
	'raftAppliedIndex',
	'errors',
	'alarms',
	'healthy',
	'latencyMs',
	'error',
];

export const IDS = ['8e9e05c52164694d', 'd2b49930b226bd0e', 'fd422379fda50e48'] as const;
export const CLUSTER_ID = 'cdf818194e3a8c32';

/** The member list all three members agree on. */
export const LIST: readonly ListedMember[] = IDS.map((id, i) => ({
	id,
	name: `etcd${i + 1}`,
	peerURLs: [`https://10.88.0.1${i + 1}:2380`],
	clientURLs: [`https://10.88.0.1${i + 1}:2379`],
	isLearner: false,
}));

/** Member i (0-based) of a healthy cluster whose leader is etcd2, as probeMember returns it. */
export function healthyCheck(i: number, overrides: Partial<MemberCheck> = {}): MemberCheck {
	return {
		name: `etcd${i + 1}`,
		endpoint: `https://10.88.0.1${i + 1}:2379`,
		id: IDS[i] ?? null,
		version: '3.6.14',
		dbSize: 20480,
		dbSizeInUse: 16384,
		isLeader: i === 1,
		isLearner: false,
		raftTerm: 2,
		raftIndex: 11,
		raftAppliedIndex: 11,
		errors: [],
		alarms: [],
		healthy: true,
		latencyMs: 3.1,
		error: null,
		memberList: LIST,
		leaderId: IDS[1],
		clusterIdHex: CLUSTER_ID,
		...overrides,
	};
}

/** Member i as probeMember returns it when the dial failed. */
export function unreachableCheck(i: number): MemberCheck {
	return {
		...nothingKnown(i),
		error: `cannot reach etcd${i + 1} at 10.88.0.1${i + 1}:2379: connect ECONNREFUSED`,
	};
}

function nothingKnown(i: number): MemberHealth {
	return {
		name: `etcd${i + 1}`,
		endpoint: `https://10.88.0.1${i + 1}:2379`,
		id: null,
		version: null,
		dbSize: null,
		dbSizeInUse: null,
		isLeader: false,
		isLearner: false,
		raftTerm: null,
		raftIndex: null,
		raftAppliedIndex: null,
		errors: [],
		alarms: [],
		healthy: false,
		latencyMs: null,
		error: null,
	};
}
