import type { ClusterSpec } from '../../../source/cluster/types.js';
import {
	type CertAndKey,
	createCa,
	issueClientCertificate,
	issueMemberCertificates,
	type MemberMaterial,
} from '../../../source/pki/index.js';
import { clusterToken } from '../../../source/render/index.js';
import type { FileFacts, HostFacts } from '../../../source/shell/facts.js';
import { ETCD1 } from '../pki/helpers.js';
import { clusterSpec } from '../render/fixtures.js';

export { ETCD1, SLOW, tempDirs } from '../pki/helpers.js';
export const ETCD2 = { name: 'etcd2', ip: '10.88.0.12' } as const;

/** A CA with an admin certificate and etcd1's and etcd2's certificates, made once per call. */
export interface TestPki {
	readonly ca: CertAndKey;
	readonly admin: CertAndKey;
	readonly members: Map<string, MemberMaterial>;
}

export async function makePki(name = 'homelab'): Promise<TestPki> {
	const ca = await createCa(name);
	const [admin, one, two] = await Promise.all([
		issueClientCertificate(ca, 'admin'),
		issueMemberCertificates(ca, ETCD1),
		issueMemberCertificates(ca, ETCD2),
	]);
	return {
		ca,
		admin,
		members: new Map([
			['etcd1', one],
			['etcd2', two],
		]),
	};
}

/** design.md's defaults with etcd1 and etcd2 as hosts. */
export const SPEC: ClusterSpec = { ...clusterSpec(), hosts: clusterSpec().hosts.slice(0, 2) };

/** The address etcd1 and etcd2 have on wg0. */
export const clusterIp = (name: string) => (name === 'etcd1' ? ETCD1.ip : ETCD2.ip);

/** The config file the fake hosts hold: only the lines rekey reads. */
export const config = (name: string, ca: string) =>
	`name: ${name}\ninitial-cluster-token: ${clusterToken(SPEC, ca)}\n`;

function file(content: string): FileFacts {
	return { mode: '644', owner: 'root', group: 'etcd', sha256: '', content };
}

/** A host as apply leaves it (files from `from`), with `change` applied to its files and unit. */
export function hostFacts(
	name: string,
	from: TestPki,
	change: { ca?: string; active?: string; token?: string; trusted?: string } = {},
): HostFacts {
	const m = from.members.get(name) as MemberMaterial;
	const configText = change.token
		? `name: ${name}\ninitial-cluster-token: ${change.token}\n`
		: config(name, change.trusted ?? from.ca.certPem);
	return {
		arch: 'x86_64',
		os: 'Debian',
		kernel: '6',
		hostname: name,
		systemd: true,
		interfaces: [{ name: 'wg0', ipv4: [{ address: clusterIp(name), prefixLength: 24 }] }],
		dirs: new Map(),
		files: new Map([
			['/etc/etcd/ca.crt', file(change.ca ?? from.ca.certPem)],
			['/etc/etcd/server.crt', file(m.serverCert)],
			['/etc/etcd/peer.crt', file(m.peerCert)],
			['/etc/etcd/etcd.conf.yml', file(configText)],
		]),
		etcdctlPresent: true,
		hasData: true,
		unit: {
			activeState: change.active ?? 'active',
			subState: 'running',
			mainPid: 1,
			unitFileState: 'enabled',
			restarts: 0,
		},
		listening: [],
		clock: 0,
		memTotalKiB: 1,
		dataFreeKiB: 1,
	};
}
