/** The cluster file, as design.md lays it out, after defaults are applied. */

export const API_VERSION = 'etcd-wizard/v1';

/** A value of an etcd flag as written in `etcd.settings` (etcd's own flag names as keys). */
export type SettingValue = string | number | boolean;

export interface SshSpec {
	/** root, or a user with passwordless sudo. */
	readonly user: string;
	readonly port: number;
	/** Private key file; `~` is expanded against the operator's home. */
	readonly identityFile?: string | undefined;
	/** Use ssh-agent via SSH_AUTH_SOCK instead of (or before) the identity file. */
	readonly agent?: boolean | undefined;
	readonly knownHostsFile: string;
}

export interface EtcdSpec {
	readonly version: string;
	/** Template with {version} and {arch}; exactly one of downloadUrl and tarball is set. */
	readonly downloadUrl?: string | undefined;
	readonly checksumUrl?: string | undefined;
	/** Local release tarball uploaded to hosts (air-gapped), relative to the cluster file. */
	readonly tarball?: string | undefined;
	/**
	 * The release tarball's SHA-256 (64 hex digits), pinned in the file: the host checks the
	 * tarball against it, whatever the source, and SHA256SUMS must agree where it lists it.
	 */
	readonly sha256?: string | undefined;
	readonly interface: string;
	readonly clientPort: number;
	readonly peerPort: number;
	readonly user: string;
	readonly group: string;
	readonly uid?: number | undefined;
	readonly gid?: number | undefined;
	readonly confDir: string;
	readonly dataDir: string;
	readonly binDir: string;
	readonly settings: Readonly<Record<string, SettingValue>>;
}

export interface HostSpec {
	/** etcd member name; also the certificate's DNS SAN. */
	readonly name: string;
	/** Where SSH reaches the host; etcd binds to the address of `etcd.interface`. */
	readonly address: string;
}

export interface ClusterSpec {
	readonly apiVersion: typeof API_VERSION;
	readonly name: string;
	readonly ssh: SshSpec;
	readonly etcd: EtcdSpec;
	/** `dir` is relative to the cluster file. */
	readonly pki: { readonly dir: string };
	readonly hosts: readonly HostSpec[];
}
