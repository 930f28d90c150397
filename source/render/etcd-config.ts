import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { Document, parse, Scalar } from 'yaml';
import type { ClusterSpec, SettingValue } from '../cluster/types.js';
import { renderEtcdSettings, STRING_SETTINGS } from './etcd-settings.js';
import { fillTemplate } from './template.js';

/** One member as the renderer needs it. */
export interface NodeContext {
	/** etcd member name (the host's `name` in the cluster file). */
	readonly name: string;
	/** The member's IPv4 address on `etcd.interface`. */
	readonly clusterIp: string;
}

/** Where etcd-wizard puts the etcd config file on a host. */
export function etcdConfigPath(spec: ClusterSpec): string {
	return posix.join(spec.etcd.confDir, 'etcd.conf.yml');
}

// etcd reads its config with go-yaml v2 (YAML 1.1): strings such as "on" or "0777" must be quoted.
const YAML_OPTIONS = { version: '1.1', lineWidth: 0 } as const;

/** One value for a `key: {{marker}}` line: never a multi-line block, quoted only when needed. */
function yamlScalar(value: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
	if (/[\u0000-\u001f]/.test(value)) return JSON.stringify(value);
	return new Document(value, YAML_OPTIONS).toString(YAML_OPTIONS).trimEnd();
}

function hostPort(ip: string, port: number): string {
	return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * etcd's `initial-cluster`: `name=https://ip:peerPort,...`, in the order of `hosts` in the
 * cluster file (then by name), so the same cluster always renders the same line.
 */
export function initialCluster(spec: ClusterSpec, members: readonly NodeContext[]): string {
	const position = (name: string): number => {
		const index = spec.hosts.findIndex((host) => host.name === name);
		return index === -1 ? spec.hosts.length : index;
	};
	const names = new Set<string>();
	for (const member of members) {
		if (names.has(member.name)) throw new Error(`member ${member.name} is listed twice`);
		names.add(member.name);
	}
	return [...members]
		.sort((a, b) => position(a.name) - position(b.name) || a.name.localeCompare(b.name))
		.map((member) => `${member.name}=https://${hostPort(member.clusterIp, spec.etcd.peerPort)}`)
		.join(',');
}

/**
 * `initial-cluster-token`: stable across runs for the same cluster, different for a cluster
 * re-created under the same name. `seed` is the CA certificate PEM, which a re-created cluster
 * does not share.
 */
export function clusterToken(spec: ClusterSpec, seed: string): string {
	const names = spec.hosts.map((host) => host.name).sort();
	const digest = createHash('sha256')
		.update([spec.name, ...names, seed].join('\n'))
		.digest('hex');
	return `${spec.name}-${digest.slice(0, 12)}`;
}

/**
 * The etcd config file (`etcd --config-file`) for one member. `state` is written as
 * `initial-cluster-state`; etcd ignores it and `initial-cluster*` once the member has data.
 * Throws when etcd.settings sets a key the template already manages.
 */
export function renderEtcdConfig(
	templateText: string,
	spec: ClusterSpec,
	node: NodeContext,
	members: readonly NodeContext[],
	state: 'new' | 'existing',
	tokenSeed: string,
): string {
	if (!members.some((member) => member.name === node.name)) {
		throw new Error(`member ${node.name} is missing from the members it is rendered with`);
	}
	const { clientPort, peerPort, confDir } = spec.etcd;
	const peerUrl = `https://${hostPort(node.clusterIp, peerPort)}`;
	const clientUrl = `https://${hostPort(node.clusterIp, clientPort)}`;
	const loopbackUrl = `https://127.0.0.1:${clientPort}`;
	const listenClient = node.clusterIp === '127.0.0.1' ? [clientUrl] : [clientUrl, loopbackUrl];
	const file = (name: string) => yamlScalar(posix.join(confDir, name));
	const values = {
		name: yamlScalar(node.name),
		dataDir: yamlScalar(spec.etcd.dataDir),
		listenPeerUrls: yamlScalar(peerUrl),
		listenClientUrls: yamlScalar(listenClient.join(',')),
		advertiseClientUrls: yamlScalar(clientUrl),
		initialAdvertisePeerUrls: yamlScalar(peerUrl),
		initialCluster: yamlScalar(initialCluster(spec, members)),
		initialClusterToken: yamlScalar(clusterToken(spec, tokenSeed)),
		initialClusterState: state,
		caFile: file('ca.crt'),
		serverCertFile: file('server.crt'),
		serverKeyFile: file('server.key'),
		peerCertFile: file('peer.crt'),
		peerKeyFile: file('peer.key'),
	};
	const base = fillTemplate('etcd.conf.yml', templateText, { ...values, settings: '' });
	const { settings } = renderEtcdSettings(spec.etcd.version, spec.etcd.settings);
	assertNoManagedKeys(parse(base, { version: '1.1' }), settings);
	return fillTemplate('etcd.conf.yml', templateText, {
		...values,
		settings: settingsYaml(settings),
	});
}

function assertNoManagedKeys(
	base: unknown,
	settings: Readonly<Record<string, SettingValue>>,
): void {
	const managed = new Set(Object.keys(base as Record<string, unknown>));
	const clash = Object.keys(settings).filter((key) => managed.has(key));
	if (clash.length > 0) {
		throw new Error(
			`etcd.settings sets ${clash.join(', ')}, which etcd-wizard writes itself: ` +
				'remove it from etcd.settings in the cluster file',
		);
	}
}

/** The settings block: any value YAML-safe, STRING_SETTINGS always quoted. */
function settingsYaml(settings: Readonly<Record<string, SettingValue>>): string {
	for (const [key, value] of Object.entries(settings)) {
		if (typeof value === 'number' && !Number.isFinite(value)) {
			throw new Error(`etcd.settings.${key} is ${value}: give a finite number in the cluster file`);
		}
	}
	if (Object.keys(settings).length === 0) return '';
	const doc = new Document(settings, YAML_OPTIONS);
	for (const key of STRING_SETTINGS) {
		const node = doc.get(key, true);
		if (node instanceof Scalar) node.type = Scalar.QUOTE_DOUBLE;
	}
	return doc.toString(YAML_OPTIONS).trimEnd();
}
