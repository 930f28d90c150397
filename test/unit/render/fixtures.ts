import { DEFAULTS } from '../../../source/cluster/defaults.js';
import { API_VERSION, type ClusterSpec, type EtcdSpec } from '../../../source/cluster/types.js';
import { loadTemplates, type NodeContext, type Templates } from '../../../source/render/index.js';

/** The templates shipped in templates/, read once per test file. */
export const TEMPLATES: Templates = await loadTemplates();

/** A three-member cluster with design.md's defaults, as the loader hands it over; `etcd` overridable. */
export function clusterSpec(etcd: Partial<EtcdSpec> = {}): ClusterSpec {
	return {
		apiVersion: API_VERSION,
		name: 'homelab',
		ssh: { user: 'ops', port: 22, knownHostsFile: '~/.ssh/known_hosts' },
		etcd: { ...DEFAULTS.etcd, ...etcd },
		pki: { dir: './pki' },
		hosts: [
			{ name: 'etcd1', address: '192.168.1.11' },
			{ name: 'etcd2', address: '192.168.1.12' },
			{ name: 'etcd3', address: '192.168.1.13' },
		],
	};
}

export const MEMBERS: readonly NodeContext[] = [
	{ name: 'etcd1', clusterIp: '10.77.0.11' },
	{ name: 'etcd2', clusterIp: '10.77.0.12' },
	{ name: 'etcd3', clusterIp: '10.77.0.13' },
];

export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
