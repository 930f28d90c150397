import { describe, expect, it } from 'vitest';
import { applyDefaults, parseClusterFile } from '../../../source/cluster/index.js';
import { DESIGN_EXAMPLE, file, problems } from './helpers.js';

describe('parseClusterFile: valid files', () => {
	it('reads the design.md example', () => {
		const { spec } = parseClusterFile(DESIGN_EXAMPLE, 'cluster.yaml');
		expect(spec).toEqual(
			applyDefaults({
				name: 'homelab',
				ssh: { user: 'ops' },
				hosts: [
					{ name: 'etcd1', address: '10.77.0.11' },
					{ name: 'etcd2', address: '10.77.0.12' },
				],
			}),
		);
		// Every other value in the example is a default.
		expect(spec?.etcd.settings).toEqual({ 'heartbeat-interval': 100, 'election-timeout': 1000 });
	});

	it('warns about the two-member example, and nothing else', () => {
		expect(problems(DESIGN_EXAMPLE)).toEqual([
			'cluster.yaml:26:1 warning: hosts: 2 members tolerate 0 failed members, no more than 1 would: an even count adds load but no fault tolerance; 3, 5 or 7 members are recommended',
		]);
	});

	it('accepts a minimal file and fills in the defaults', () => {
		const { spec, diagnostics } = parseClusterFile(file(), 'cluster.yaml');
		expect(diagnostics).toEqual([]);
		expect(spec?.etcd.version).toBe('3.6.14');
		expect(spec?.hosts.map((host) => host.name)).toEqual(['etcd1', 'etcd2', 'etcd3']);
	});

	it('follows aliases', () => {
		const text = file('ssh:', '  port: &port 2222', 'etcd:', '  clientPort: *port');
		expect(parseClusterFile(text, 'c.yaml').spec?.etcd.clientPort).toBe(2222);
	});

	it('passes unknown etcd flags through', () => {
		const text = file('etcd:', '  settings:', '    log-level: warn', '    max-txn-ops: 256');
		expect(parseClusterFile(text, 'c.yaml').spec?.etcd.settings).toMatchObject({
			'log-level': 'warn',
			'max-txn-ops': 256,
		});
	});

	it('accepts IPv6 literals and host names as addresses', () => {
		const text = [
			'apiVersion: etcd-wizard/v1',
			'name: v6',
			'hosts:',
			'  - {name: a, address: "fd00::11"}',
			'  - {name: b, address: node-b.lab.example}',
			'  - {name: c, address: NODE-C}',
		].join('\n');
		expect(problems(text)).toEqual([]);
	});
});
