/**
 * What re-keying reports, as data: the inventory, the outcome of a run, an issued client
 * certificate. Types only, so the re-key screen's pure state imports them without the engine.
 */
import type { ClusterHealth } from '../health/types.js';

/** One certificate as deployed on a host or as kept on this machine. */
export interface InventoryEntry {
	/** A host name, or `local` for the PKI dir. */
	readonly location: string;
	/** The path on the host, or the path in the PKI dir. */
	readonly file: string;
	readonly subject: string;
	/** IP and DNS subject alternative names. */
	readonly sans: readonly string[];
	/** Lower-case hex. */
	readonly serial: string;
	readonly issuer: string;
	/** SHA-256 fingerprint of the CA certificate that signed it, when that CA is known here. */
	readonly issuerFingerprint: string | null;
	readonly notAfter: string;
	/** Whole days until notAfter; negative once it has passed. */
	readonly daysLeft: number;
	/** For a host's file: whether the PKI dir holds the same file; null for files kept locally. */
	readonly matchesLocal: boolean | null;
}

/** A certificate file that could not be read as one, or is missing. */
export interface InventoryProblem {
	readonly location: string;
	readonly file: string;
	readonly message: string;
}

export interface Inventory {
	readonly entries: readonly InventoryEntry[];
	readonly problems: readonly InventoryProblem[];
}

/** A member whose certificates were renewed, with the serials it now presents. */
export interface RenewedMember {
	readonly name: string;
	readonly serverSerial: string;
	readonly peerSerial: string;
}

/** The outcome of `etcd-wizard rekey`. */
export interface RekeyResult {
	readonly mode: 'renew' | 'ca';
	/** SHA-256 fingerprint of the CA the members trust at the end. */
	readonly caFingerprint: string;
	/** Members with the serials of the certificates they now present. */
	readonly members: readonly RenewedMember[];
	/** Members in the order they were restarted (none for a renewal). */
	readonly restarted: readonly string[];
	/** Serial of the admin certificate this run wrote to the PKI dir, if it renewed it. */
	readonly adminSerial?: string;
	readonly health: ClusterHealth;
}

/** A client certificate just written, as the operator is told about it. */
export interface IssuedClientCertificate {
	readonly name: string;
	/** Absolute paths. */
	readonly certFile: string;
	readonly keyFile: string;
	/** The CA a server must trust for this certificate (the cluster's CA). */
	readonly caFile: string;
	readonly subject: string;
	/** Lower-case hex. */
	readonly serial: string;
	readonly notAfter: string;
	/** The CA ends before the days asked for, so the certificate ends with it. */
	readonly cappedByCa: boolean;
	readonly caFingerprint: string;
	readonly certPem: string;
}
