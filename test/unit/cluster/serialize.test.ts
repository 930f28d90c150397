import { describe, expect, it } from 'vitest';
import {
	applyDefaults,
	type ClusterSpec,
	parseClusterFile,
	serializeClusterFile,
} from '../../../source/cluster/index.js';
import { DESIGN_EXAMPLE } from './helpers.js';

const hosts = [
	{ name: 'etcd1', address: '10.77.0.11' },
	{ name: 'etcd2', address: 'fd00::12' },
	{ name: 'etcd3', address: 'etcd3.lab' },
];

function roundTrip(spec: ClusterSpec): ClusterSpec | undefined {
	const parsed = parseClusterFile(serializeClusterFile(spec), 'c.yaml');
	expect(parsed.diagnostics).toEqual([]);
	return parsed.spec;
}

describe('serializeClusterFile', () => {
	it('round-trips the design.md example', () => {
		const spec = parseClusterFile(DESIGN_EXAMPLE, 'c.yaml').spec;
		if (!spec) throw new Error('the example must parse');
		const text = serializeClusterFile(spec);
		expect(parseClusterFile(text, 'c.yaml').spec).toEqual(spec);
	});

	it('round-trips an air-gapped, agent-only spec with ids and extra settings', () => {
		const spec = applyDefaults({
			name: 'lab',
			hosts,
			ssh: { user: 'ops', agent: true },
			etcd: {
				version: '3.5.21',
				tarball: './etcd-v3.5.21-linux-amd64.tar.gz',
				uid: 990,
				gid: 990,
				settings: { 'log-level': 'warn', 'enable-v2': false, 'auto-compaction-retention': '1h' },
			},
		});
		expect(roundTrip(spec)).toEqual(spec);
	});

	it('quotes values YAML would read as another type', () => {
		const spec = applyDefaults({
			name: 'lab',
			hosts,
			etcd: { settings: { 'log-level': 'true', 'x-y': '010' } },
		});
		expect(roundTrip(spec)?.etcd.settings).toMatchObject({ 'log-level': 'true', 'x-y': '010' });
	});

	it("writes design.md's key order, a header and a quoted version", () => {
		const text = serializeClusterFile(applyDefaults({ name: 'lab', hosts }));
		const lines = text.split('\n');
		expect(lines[0]).toMatch(/^# etcd-wizard cluster file/);
		const topKeys = lines
			.filter((line) => /^[a-zA-Z]/.test(line))
			.map((line) => line.split(':')[0]);
		expect(topKeys).toEqual(['apiVersion', 'name', 'ssh', 'etcd', 'pki', 'hosts']);
		const etcdKeys = lines
			.filter((line) => /^ {2}[a-zA-Z]/.test(line))
			.map((line) => line.trim().split(':')[0]);
		expect(etcdKeys).toEqual([
			'user',
			'port',
			'identityFile',
			'knownHostsFile',
			'version',
			'downloadUrl',
			'checksumUrl',
			'interface',
			'clientPort',
			'peerPort',
			'user',
			'group',
			'confDir',
			'dataDir',
			'binDir',
			'settings',
			'dir',
		]);
		expect(text).toContain('  version: "3.6.14"\n');
		expect(text).toContain('hosts:\n  - name: etcd1\n    address: 10.77.0.11\n');
		expect(text).toContain(
			'  downloadUrl: https://github.com/etcd-io/etcd/releases/download/v{version}/etcd-v{version}-linux-{arch}.tar.gz\n',
		);
	});
});
