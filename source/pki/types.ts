/** Shared shapes of the PKI module. */

/** A cluster member as the PKI sees it. */
export interface MemberIdentity {
	/** etcd member name: the certificates' CN and DNS SAN, and the folder under `members/`. */
	readonly name: string;
	/** The member's address on the cluster interface (IP SAN). */
	readonly ip: string;
}

/** What `ensurePki` did with one file. */
export interface PkiAction {
	/** Relative to the PKI dir, e.g. `members/etcd1/server.crt`. */
	readonly file: string;
	readonly action: 'kept' | 'created' | 'reissued';
	/** Why a file was reissued (or why a kept file was touched), e.g. `expires in 12 days`. */
	readonly reason?: string;
}

/** A member's certificates and keys, PEM. */
export interface MemberMaterial {
	readonly serverCert: string;
	readonly serverKey: string;
	readonly peerCert: string;
	readonly peerKey: string;
}

/** Everything `apply` and `health` need from the PKI, PEM. */
export interface PkiBundle {
	readonly caCert: string;
	readonly members: ReadonlyMap<string, MemberMaterial>;
	readonly adminCert: string;
	readonly adminKey: string;
	readonly actions: readonly PkiAction[];
}

/** A certificate and its private key, PEM. */
export interface CertAndKey {
	readonly certPem: string;
	readonly keyPem: string;
}

/** Options shared by the functions that issue certificates. */
export interface IssueOptions {
	/** The moment the certificate is issued; defaults to the current time. */
	readonly now?: Date;
	/** Lifetime in days; leaves never outlive their CA. */
	readonly validityDays?: number;
}

/** Default lifetimes and renewal window, in days. */
export const DEFAULT_CA_VALIDITY_DAYS = 3650;
export const DEFAULT_LEAF_VALIDITY_DAYS = 365;
export const DEFAULT_RENEW_BEFORE_DAYS = 30;
