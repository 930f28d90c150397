import type { UnitState } from '../../shell/member-details-script.js';
import type { ClusterHealth, ListedMember } from '../types.js';

export type { UnitState };

/** One journal line of the etcd unit, its message already taken out of etcd's JSON log. */
export interface JournalLine {
	/** Host clock, milliseconds since the epoch. */
	readonly at: number;
	readonly level: string;
	readonly text: string;
}

/** A certificate file under the member's config dir and when it runs out. */
export interface CertificateExpiry {
	/** e.g. /etc/etcd/peer.crt */
	readonly file: string;
	readonly commonName: string;
	/** ISO time. */
	readonly notAfter: string;
	readonly ips: readonly string[];
}

/** What the health view and the diagnosis know about one member besides its row. */
export interface MemberDetails {
	readonly name: string;
	/** Why the details could not be gathered (SSH trouble); the other fields are then empty. */
	readonly error: string | null;
	readonly unit: UnitState | null;
	/** Oldest first. */
	readonly journal: readonly JournalLine[];
	readonly dataDir: string;
	readonly dataFreeKiB: number | null;
	/** Host clock minus this machine's, in ms (null when unknown). */
	readonly clockOffsetMs: number | null;
	/** Half the round trip of the clock reading: how far off the offset may be. */
	readonly clockUncertaintyMs: number | null;
	readonly certificates: readonly CertificateExpiry[];
	/** The member list as this member sees it (from its health check). */
	readonly memberList?: readonly ListedMember[];
	/** Hex ID of the leader this member follows. */
	readonly leaderId?: string;
}

/** Everything the diagnosis looks at: the health rows, the members' details and the settings. */
export interface DiagnoseInput {
	readonly health: ClusterHealth;
	readonly details: readonly MemberDetails[];
	/** Cluster address (the interface IP) of each member, to name a peer from a dialed address. */
	readonly ips: ReadonlyMap<string, string>;
	readonly peerPort: number;
	/** quota-backend-bytes (etcd's default 2 GiB when the cluster file does not set it). */
	readonly quotaBytes: number;
	/** This machine's clock, ms since the epoch, when the details were gathered. */
	readonly now: number;
	/** Where the etcdctl env file is on each member, for the etcdctl commands a finding names. */
	readonly etcdctlEnv?: string;
}

/** One thing wrong, in plain words, with where and what to do next. */
export interface Finding {
	readonly severity: 'error' | 'warning';
	/** The member it is about; null for the whole cluster. */
	readonly host: string | null;
	/** One sentence naming the host. */
	readonly summary: string;
	/** Evidence: journal lines, the member lists, ... */
	readonly evidence: readonly string[];
	readonly next: string;
}

/** One health pass with its diagnosis: what the view and the plain output show. */
export interface HealthSnapshot {
	readonly health: ClusterHealth;
	readonly details: readonly MemberDetails[];
	readonly findings: readonly Finding[];
	/** This machine's clock when the pass finished, ms since the epoch. */
	readonly at: number;
}
