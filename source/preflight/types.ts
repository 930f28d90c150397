import type {
	ConnectResult,
	DiskProbe,
	FirewallFinding,
	ListenerTool,
	PingResult,
} from '../shell/probe-results.js';

/** The preflight's vocabulary: what was measured on the hosts, and what it means. */

/** pass: nothing to do; warn: works, but slower or riskier; fail: apply would not succeed. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** Every check the preflight makes, in the order the report lists them. */
export const CHECK_IDS = [
	'ssh',
	'system',
	'interface',
	'addresses',
	'ports',
	'reach',
	'rtt',
	'tuning',
	'disk',
	'space',
	'clock',
	'memory',
	'firewall',
	'etcd',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** One finding about one host, one pair of hosts (reach) or the cluster (host null). */
export interface CheckResult {
	readonly check: CheckId;
	readonly host: string | null;
	/** Reachability: the host that connected to `host`. */
	readonly from?: string;
	readonly port?: number;
	readonly verdict: Verdict;
	readonly reason: string;
	/** What to do about a warning or failure; null on a pass. */
	readonly fix: string | null;
}

/** etcd's timing flags, in milliseconds. */
export interface Timing {
	readonly heartbeatMs: number;
	readonly electionTimeoutMs: number;
}

/** The tuning advice from the measured round trips (etcd's tuning guide). */
export interface TuningAdvice {
	/** The largest average round trip between two members, or null when none was measured. */
	readonly rttMs: number | null;
	/** The pair it was measured between. */
	readonly between: readonly [string, string] | null;
	readonly recommended: Timing;
	/** What the cluster file sets (etcd's defaults where it sets nothing). */
	readonly current: Timing;
}

/** Everything the preflight found; `ok` is false when any check failed. */
export interface CheckReport {
	readonly cluster: string;
	readonly ok: boolean;
	readonly checks: readonly CheckResult[];
	readonly tuning: TuningAdvice | null;
}

/** How a port of a member was made to answer for the reachability check. */
export type PortListener =
	/** Our listener ran there for the check. */
	| { readonly kind: 'listened'; readonly tool: ListenerTool }
	/** This cluster's own etcd holds the port: peers connect to it. */
	| { readonly kind: 'etcd' }
	/** Nothing could listen there (no program, the port taken, the listener failed). */
	| {
			readonly kind: 'skipped';
			readonly cause: 'no-tool' | 'taken' | 'failed';
			readonly reason: string;
	  };

/** The probes run on each host. */
export type ProbeName = 'clock' | 'host' | 'listen' | 'connect';

/** What the probes measured on one host; a field is absent when its probe could not run. */
export interface HostMeasurements {
	/** Host clock minus this machine's clock, and how uncertain that is (half the round trip). */
	readonly clock?: { readonly offsetMs: number; readonly uncertaintyMs: number };
	readonly disk?: DiskProbe;
	readonly firewalls?: readonly FirewallFinding[];
	/** Firewalls whose rules could not be read: "nftables: Operation not permitted". */
	readonly firewallsUnreadable?: readonly string[];
	readonly pings?: readonly PingResult[];
	/** Per port of this host (peer, client): how it answered peers. */
	readonly listeners?: ReadonlyMap<number, PortListener>;
	/** Connections this host made to the other members. */
	readonly connects?: readonly ConnectResult[];
	/** Why a probe gave nothing (the channel broke, a timeout, no bash to connect with). */
	readonly errors?: Readonly<Partial<Record<ProbeName, string>>>;
}
