import {
	API_VERSION,
	type ClusterSpec,
	type EtcdSpec,
	type HostSpec,
	type SettingValue,
	type SshSpec,
} from './types.js';

/** A cluster file as written: every key may be missing; `applyDefaults` fills them in. */
export interface PartialCluster {
	readonly apiVersion?: string | undefined;
	readonly name?: string | undefined;
	readonly ssh?: Partial<SshSpec> | undefined;
	readonly etcd?: Partial<EtcdSpec> | undefined;
	readonly pki?: { readonly dir?: string | undefined } | undefined;
	readonly hosts?: readonly HostSpec[] | undefined;
}

/** Upstream release tarballs; `{version}` is X.Y.Z, `{arch}` is e.g. amd64 or arm64. */
export const DOWNLOAD_URL_TEMPLATE =
	'https://github.com/etcd-io/etcd/releases/download/v{version}/etcd-v{version}-linux-{arch}.tar.gz';
export const CHECKSUM_URL_TEMPLATE =
	'https://github.com/etcd-io/etcd/releases/download/v{version}/SHA256SUMS';

/** The placeholders a download or checksum URL template may hold. */
export const URL_PLACEHOLDERS = ['version', 'arch'] as const;

/** The values design.md gives for every key but `name` and `hosts`. */
export const DEFAULTS = {
	ssh: {
		user: 'root',
		port: 22,
		identityFile: '~/.ssh/id_ed25519',
		knownHostsFile: '~/.ssh/known_hosts',
	},
	etcd: {
		version: '3.6.14',
		downloadUrl: DOWNLOAD_URL_TEMPLATE,
		checksumUrl: CHECKSUM_URL_TEMPLATE,
		interface: 'wg0',
		clientPort: 2379,
		peerPort: 2380,
		user: 'etcd',
		group: 'etcd',
		confDir: '/etc/etcd',
		dataDir: '/var/lib/etcd',
		binDir: '/usr/local/bin',
		settings: { 'heartbeat-interval': 100, 'election-timeout': 1000 } as Readonly<
			Record<string, SettingValue>
		>,
	},
	pki: { dir: './pki' },
} as const;

/** Fills `{version}` and `{arch}` in a download or checksum URL template. */
export function expandUrlTemplate(
	template: string,
	values: { readonly version: string; readonly arch: string },
): string {
	return template.replaceAll('{version}', values.version).replaceAll('{arch}', values.arch);
}

/** The file name of an upstream release tarball, as listed in its SHA256SUMS. */
export function releaseTarballName(version: string, arch: string): string {
	return `etcd-v${version}-linux-${arch}.tar.gz`;
}

/**
 * Completes a partial cluster with DEFAULTS. `name` and `hosts` have no defaults (they stay
 * '' and []; validation reports them). The download defaults apply only when the input names
 * no release source at all (tarball, downloadUrl or checksumUrl); the identity file default
 * only when the agent is not chosen. Settings merge over the default settings.
 */
export function applyDefaults(input: PartialCluster): ClusterSpec {
	const ssh = input.ssh ?? {};
	const etcd = input.etcd ?? {};
	const namesSource =
		etcd.tarball !== undefined || etcd.downloadUrl !== undefined || etcd.checksumUrl !== undefined;
	const identityFile =
		ssh.identityFile ?? (ssh.agent === true ? undefined : DEFAULTS.ssh.identityFile);
	return {
		apiVersion: API_VERSION,
		name: input.name ?? '',
		ssh: withoutUndefined({
			user: ssh.user ?? DEFAULTS.ssh.user,
			port: ssh.port ?? DEFAULTS.ssh.port,
			identityFile,
			agent: ssh.agent,
			knownHostsFile: ssh.knownHostsFile ?? DEFAULTS.ssh.knownHostsFile,
		}),
		etcd: withoutUndefined({
			version: etcd.version ?? DEFAULTS.etcd.version,
			downloadUrl: namesSource ? etcd.downloadUrl : DEFAULTS.etcd.downloadUrl,
			checksumUrl: namesSource ? etcd.checksumUrl : DEFAULTS.etcd.checksumUrl,
			tarball: etcd.tarball,
			sha256: etcd.sha256,
			interface: etcd.interface ?? DEFAULTS.etcd.interface,
			clientPort: etcd.clientPort ?? DEFAULTS.etcd.clientPort,
			peerPort: etcd.peerPort ?? DEFAULTS.etcd.peerPort,
			user: etcd.user ?? DEFAULTS.etcd.user,
			group: etcd.group ?? DEFAULTS.etcd.group,
			uid: etcd.uid,
			gid: etcd.gid,
			confDir: etcd.confDir ?? DEFAULTS.etcd.confDir,
			dataDir: etcd.dataDir ?? DEFAULTS.etcd.dataDir,
			binDir: etcd.binDir ?? DEFAULTS.etcd.binDir,
			settings: { ...DEFAULTS.etcd.settings, ...etcd.settings },
		}),
		pki: { dir: input.pki?.dir ?? DEFAULTS.pki.dir },
		hosts: input.hosts ?? [],
	};
}

/** Drops keys whose value is undefined, so specs compare and serialize without them. */
function withoutUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
