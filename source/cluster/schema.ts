/** The keys each section of the cluster file accepts, in the order the file is written. */
export const ACCEPTED_KEYS = {
	top: ['apiVersion', 'name', 'ssh', 'etcd', 'pki', 'hosts'],
	ssh: ['user', 'port', 'identityFile', 'agent', 'knownHostsFile'],
	etcd: [
		'version',
		'downloadUrl',
		'checksumUrl',
		'tarball',
		'sha256',
		'interface',
		'clientPort',
		'peerPort',
		'user',
		'group',
		'uid',
		'gid',
		'confDir',
		'dataDir',
		'binDir',
		'settings',
	],
	pki: ['dir'],
	host: ['name', 'address'],
} as const;

const FROM_CERTS = 'the certificates in pki.dir, uploaded to etcd.confDir';
const FROM_ADDRESS = 'the address of etcd.interface on each host and ';

/**
 * etcd flags the wizard renders itself, with where their value comes from. Setting one in
 * `etcd.settings` would fight the rendered value, so it is an error.
 */
export const MANAGED_SETTINGS: Readonly<Record<string, string>> = {
	name: 'hosts[].name',
	'data-dir': 'etcd.dataDir',
	'listen-client-urls': `${FROM_ADDRESS}etcd.clientPort`,
	'listen-client-http-urls': `${FROM_ADDRESS}etcd.clientPort`,
	'listen-peer-urls': `${FROM_ADDRESS}etcd.peerPort`,
	'advertise-client-urls': `${FROM_ADDRESS}etcd.clientPort`,
	'initial-advertise-peer-urls': `${FROM_ADDRESS}etcd.peerPort`,
	'initial-cluster': 'hosts and etcd.peerPort',
	'initial-cluster-state': "the hosts' data dirs (new only while no member has data)",
	'initial-cluster-token': 'name',
	'cert-file': FROM_CERTS,
	'key-file': FROM_CERTS,
	'trusted-ca-file': FROM_CERTS,
	'client-cert-auth': 'the TLS setup (client certificates are always required)',
	'auto-tls': FROM_CERTS,
	'client-transport-security': FROM_CERTS,
};

/**
 * etcd flags the config template (templates/etcd.conf.yml) writes with a value of the wizard's
 * own, not taken from the cluster file, with what it writes and why: in `etcd.settings` they
 * would be a second key of the same name in the rendered file.
 */
export const WIZARD_SETTINGS: Readonly<Record<string, string>> = {
	'enable-grpc-gateway': "true: the health checks use etcd's JSON gateway",
	logger: 'zap, the logger the journal and the diagnosis read',
	'log-outputs': 'stderr, which goes to the journal',
};

/** What etcd-wizard writes for `key` itself and why, or undefined when it does not. */
export function wizardSettingReason(key: string): string | undefined {
	return Object.hasOwn(WIZARD_SETTINGS, key) ? WIZARD_SETTINGS[key] : undefined;
}

/** Prefix of etcd's peer TLS flags, all rendered by the wizard. */
export const MANAGED_SETTING_PREFIX = 'peer-';

/** Where a managed setting's value comes from, or undefined when the key is the user's. */
export function managedSettingSource(key: string): string | undefined {
	if (key.startsWith(MANAGED_SETTING_PREFIX)) return FROM_CERTS;
	return Object.hasOwn(MANAGED_SETTINGS, key) ? MANAGED_SETTINGS[key] : undefined;
}

/** An etcd member name, certificate DNS SAN and cluster name: one lowercase DNS label. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What DNS_LABEL means, for messages. */
export const DNS_LABEL_RULE =
	"lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
