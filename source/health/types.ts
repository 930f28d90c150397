import type { Duplex } from 'node:stream';

/** One etcd member as the health check reaches it: its client endpoint is https://ip:clientPort. */
export interface MemberEndpoint {
	readonly name: string;
	readonly ip: string;
	readonly clientPort: number;
}

/**
 * Opens a byte stream to `member.ip:member.clientPort`; in the program an SSH `forwardOut`
 * through the member's host, in tests a plain TCP connection. TLS runs on top of it.
 */
export type Dial = (member: MemberEndpoint, signal?: AbortSignal) => Promise<Duplex>;

/** The operator's client certificate (PEM) and the cluster CA it trusts. */
export interface ClientIdentity {
	readonly caCert: string;
	readonly cert: string;
	readonly key: string;
}

/**
 * One member row of `etcd-wizard health --json` (design.md). Values the check could not learn
 * (the member was unreachable, or answered too little) are null rather than a made-up 0.
 */
export interface MemberHealth {
	readonly name: string;
	/** https://ip:clientPort */
	readonly endpoint: string;
	/** The member ID in hex, as etcdctl prints it (no zero padding). */
	readonly id: string | null;
	readonly version: string | null;
	readonly dbSize: number | null;
	readonly dbSizeInUse: number | null;
	readonly isLeader: boolean;
	readonly isLearner: boolean;
	readonly raftTerm: number | null;
	readonly raftIndex: number | null;
	readonly raftAppliedIndex: number | null;
	/** The `errors` the member's status reports (no leader, alarms), passed through. */
	readonly errors: readonly string[];
	/** Active alarms raised by this member, e.g. "NOSPACE". */
	readonly alarms: readonly string[];
	/** /health says true, status answered without errors and no alarm is active. */
	readonly healthy: boolean;
	/** Round trip of the status call in milliseconds (0.1 ms steps); null when it did not answer. */
	readonly latencyMs: number | null;
	/** Why the member is not healthy, in words for the operator; null when it is. */
	readonly error: string | null;
}

/** An entry of the member list one member reported. */
export interface ListedMember {
	/** Hex member ID. */
	readonly id: string;
	/** Empty for a member that was added but has not started yet. */
	readonly name: string;
	readonly peerURLs: readonly string[];
	readonly clientURLs: readonly string[];
	readonly isLearner: boolean;
}

/** What `probeMember` learned besides the row: the cluster as this member sees it. */
export interface MemberCheck extends MemberHealth {
	readonly memberList?: readonly ListedMember[];
	/** Hex ID of the leader this member follows; absent when it knows none. */
	readonly leaderId?: string;
	readonly clusterIdHex?: string;
}

export interface ClusterSummary {
	readonly name: string;
	/** Every member is healthy. */
	readonly healthy: boolean;
	/** More than half of the voting members are healthy. */
	readonly quorum: boolean;
	/** Name of the leader (its hex ID when the member list does not name it). */
	readonly leader: string | null;
	readonly clusterId: string | null;
	/** Members of the cluster: the member list's count when a member answered it, else the configured count. */
	readonly members: number;
}

/** The whole object `etcd-wizard health --json` prints (design.md). */
export interface ClusterHealth {
	readonly cluster: ClusterSummary;
	readonly members: readonly MemberHealth[];
}

/** Options every check takes. */
export interface ProbeOptions {
	readonly signal?: AbortSignal;
	/** Limit for one member's whole check (dial, TLS, requests); default 5000. */
	readonly timeoutMs?: number;
}
