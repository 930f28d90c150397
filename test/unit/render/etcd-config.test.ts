import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterToken, initialCluster, renderEtcdConfig } from '../../../source/render/index.js';
import { CA_PEM, clusterSpec, MEMBERS, TEMPLATES } from './fixtures.js';

const [ETCD1, ETCD2, ETCD3] = MEMBERS as [
	(typeof MEMBERS)[0],
	(typeof MEMBERS)[0],
	(typeof MEMBERS)[0],
];

function render(spec = clusterSpec(), state: 'new' | 'existing' = 'new'): string {
	return renderEtcdConfig(TEMPLATES.etcdConf, spec, ETCD2, MEMBERS, state, CA_PEM);
}

/** etcd reads its config with a YAML 1.1 parser. */
function parsed(text: string): Record<string, unknown> {
	return parse(text, { version: '1.1' }) as Record<string, unknown>;
}

describe('renderEtcdConfig', () => {
	it('writes every key etcd needs for a TLS member', () => {
		const spec = clusterSpec({ clientPort: 12379, peerPort: 12380, confDir: '/etc/etcd-x' });
		expect(parsed(render(spec))).toEqual({
			name: 'etcd2',
			'data-dir': '/var/lib/etcd',
			'enable-grpc-gateway': true,
			'listen-peer-urls': 'https://10.77.0.12:12380',
			'listen-client-urls': 'https://10.77.0.12:12379,https://127.0.0.1:12379',
			'advertise-client-urls': 'https://10.77.0.12:12379',
			'initial-advertise-peer-urls': 'https://10.77.0.12:12380',
			'initial-cluster':
				'etcd1=https://10.77.0.11:12380,etcd2=https://10.77.0.12:12380,etcd3=https://10.77.0.13:12380',
			'initial-cluster-token': clusterToken(spec, CA_PEM),
			'initial-cluster-state': 'new',
			'client-transport-security': {
				'cert-file': '/etc/etcd-x/server.crt',
				'key-file': '/etc/etcd-x/server.key',
				'trusted-ca-file': '/etc/etcd-x/ca.crt',
				'client-cert-auth': true,
			},
			'peer-transport-security': {
				'cert-file': '/etc/etcd-x/peer.crt',
				'key-file': '/etc/etcd-x/peer.key',
				'trusted-ca-file': '/etc/etcd-x/ca.crt',
				'client-cert-auth': true,
			},
			logger: 'zap',
			'log-outputs': ['stderr'],
			'heartbeat-interval': 100,
			'election-timeout': 1000,
		});
	});

	it('renders the state it is given', () => {
		expect(render(clusterSpec(), 'existing')).toContain('\ninitial-cluster-state: existing\n');
		expect(render(clusterSpec(), 'new')).toContain('\ninitial-cluster-state: new\n');
	});

	it('keeps the whole-file shape', () => {
		expect(render()).toMatchSnapshot();
	});

	it('writes numbers as numbers and auto-compaction-retention always quoted', () => {
		const spec = clusterSpec({
			settings: {
				'quota-backend-bytes': 8589934592,
				'auto-compaction-mode': 'periodic',
				'auto-compaction-retention': '1h',
				'log-level': 'on',
				'strict-reconfig-check': true,
			},
		});
		const text = render(spec);
		expect(text).toContain('\nquota-backend-bytes: 8589934592\n');
		expect(text).toContain('\nauto-compaction-retention: "1h"\n');
		expect(text).toContain('\nstrict-reconfig-check: true\n');
		const config = parsed(text);
		expect(config['quota-backend-bytes']).toBe(8589934592);
		expect(config['auto-compaction-retention']).toBe('1h');
		// "on" is a boolean to YAML 1.1 unless quoted.
		expect(config['log-level']).toBe('on');
		expect(
			parsed(render(clusterSpec({ settings: { 'auto-compaction-retention': 1 } }))),
		).toMatchObject({
			'auto-compaction-retention': '1',
		});
	});

	it('writes feature gates for experimental flags on 3.7', () => {
		const spec = clusterSpec({
			version: '3.7.0',
			settings: {
				'experimental-initial-corrupt-check': true,
				'experimental-compaction-batch-limit': 10,
			},
		});
		const config = parsed(render(spec));
		expect(config['feature-gates']).toBe('InitialCorruptCheck=true');
		expect(config['compaction-batch-limit']).toBe(10);
		expect(config).not.toHaveProperty('experimental-initial-corrupt-check');
	});

	it('ends with the settings block and a newline, and with no settings only the comment', () => {
		expect(render().endsWith('\nheartbeat-interval: 100\nelection-timeout: 1000\n')).toBe(true);
		expect(
			render(clusterSpec({ settings: {} })).endsWith('# etcd.settings from the cluster file:\n'),
		).toBe(true);
	});

	it('quotes values YAML would misread and keeps long lines on one line', () => {
		const spec = clusterSpec({ dataDir: '/var/lib/etcd: data #1' });
		const members = Array.from({ length: 7 }, (_, i) => ({
			name: `member-with-a-long-name-${i}`,
			clusterIp: `10.77.0.${i + 1}`,
		}));
		const [first] = members as [(typeof members)[0]];
		const text = renderEtcdConfig(TEMPLATES.etcdConf, spec, first, members, 'new', CA_PEM);
		const config = parsed(text);
		expect(config['data-dir']).toBe('/var/lib/etcd: data #1');
		expect(text).toMatch(
			/\ninitial-cluster: member-with-a-long-name-0=.*,member-with-a-long-name-6=https:\/\/10\.77\.0\.7:2380\n/,
		);
	});

	it('keeps a value with a newline on its own line, nested or not', () => {
		const spec = clusterSpec({ confDir: '/etc/e\ntcd', dataDir: '/var/lib/e\ntcd' });
		const config = parsed(render(spec));
		expect(config['data-dir']).toBe('/var/lib/e\ntcd');
		expect(config['client-transport-security']).toMatchObject({
			'cert-file': '/etc/e\ntcd/server.crt',
		});
	});

	it('listens once on 127.0.0.1 when that is the member address', () => {
		const spec = clusterSpec();
		const node = { name: 'etcd1', clusterIp: '127.0.0.1' };
		const config = parsed(renderEtcdConfig(TEMPLATES.etcdConf, spec, node, [node], 'new', CA_PEM));
		expect(config['listen-client-urls']).toBe('https://127.0.0.1:2379');
	});

	it('refuses etcd.settings keys the template writes itself', () => {
		const spec = clusterSpec({
			settings: { 'data-dir': '/tmp/x', 'initial-cluster-state': 'existing', 'log-level': 'info' },
		});
		expect(() => render(spec)).toThrow(
			'etcd.settings sets data-dir, initial-cluster-state, which etcd-wizard writes itself: remove it from etcd.settings in the cluster file',
		);
	});

	it('refuses non-finite numbers', () => {
		expect(() => render(clusterSpec({ settings: { 'max-txn-ops': Number.NaN } }))).toThrow(
			'etcd.settings.max-txn-ops is NaN',
		);
	});

	it('refuses a member that is not among the members', () => {
		expect(() =>
			renderEtcdConfig(TEMPLATES.etcdConf, clusterSpec(), ETCD1, [ETCD2, ETCD3], 'new', CA_PEM),
		).toThrow('member etcd1 is missing');
	});

	it('fails loudly on a template with a placeholder it does not know', () => {
		const broken = `${TEMPLATES.etcdConf}\nwal-dir: {{walDir}}\n`;
		expect(() => renderEtcdConfig(broken, clusterSpec(), ETCD2, MEMBERS, 'new', CA_PEM)).toThrow(
			'template etcd.conf.yml: unknown placeholder {{walDir}}',
		);
	});
});

describe('initialCluster', () => {
	it('orders members as the cluster file lists hosts, whatever order they come in', () => {
		const spec = clusterSpec();
		const expected =
			'etcd1=https://10.77.0.11:2380,etcd2=https://10.77.0.12:2380,etcd3=https://10.77.0.13:2380';
		expect(initialCluster(spec, [ETCD3, ETCD1, ETCD2])).toBe(expected);
		expect(initialCluster(spec, [ETCD2, ETCD3, ETCD1])).toBe(expected);
	});

	it('puts members missing from hosts last, by name, and brackets IPv6', () => {
		const spec = clusterSpec({ peerPort: 2390 });
		const extra = [
			{ name: 'zz', clusterIp: 'fd00::2' },
			{ name: 'aa', clusterIp: '10.0.0.1' },
		];
		expect(initialCluster(spec, [...extra, ETCD1])).toBe(
			'etcd1=https://10.77.0.11:2390,aa=https://10.0.0.1:2390,zz=https://[fd00::2]:2390',
		);
	});

	it('refuses a member listed twice', () => {
		expect(() => initialCluster(clusterSpec(), [ETCD1, ETCD1])).toThrow(
			'member etcd1 is listed twice',
		);
	});
});

describe('clusterToken', () => {
	it('is stable across calls and host order, and starts with the cluster name', () => {
		const spec = clusterSpec();
		const reordered = { ...spec, hosts: [...spec.hosts].reverse() };
		const token = clusterToken(spec, CA_PEM);
		expect(token).toMatch(/^homelab-[0-9a-f]{12}$/);
		expect(clusterToken(spec, CA_PEM)).toBe(token);
		expect(clusterToken(reordered, CA_PEM)).toBe(token);
	});

	it('changes with the seed, the members and the name', () => {
		const spec = clusterSpec();
		const token = clusterToken(spec, CA_PEM);
		expect(clusterToken(spec, `${CA_PEM}x`)).not.toBe(token);
		expect(clusterToken({ ...spec, hosts: spec.hosts.slice(1) }, CA_PEM)).not.toBe(token);
		expect(clusterToken({ ...spec, name: 'other' }, CA_PEM)).toMatch(/^other-/);
	});
});
