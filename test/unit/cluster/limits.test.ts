import { describe, expect, it } from 'vitest';
import { capped, MAX_SHOWN, quoted } from '../../../source/cluster/shown.js';
import { addressKey } from '../../../source/cluster/validate-hosts.js';
import { file, problems } from './helpers.js';

const LONG = 'x'.repeat(1000);

describe('capped and quoted', () => {
	it('keep a short value whole and cut a long one at 80 characters', () => {
		expect(capped('etcd1')).toBe('etcd1');
		expect(capped('a'.repeat(MAX_SHOWN))).toBe('a'.repeat(80));
		expect(capped('a'.repeat(81))).toBe(`${'a'.repeat(80)}…`);
		expect(quoted('a\nb"')).toBe('"a\\nb\\""');
	});

	it('never split a surrogate pair', () => {
		expect(capped(`${'a'.repeat(79)}😀😀`)).toBe(`${'a'.repeat(79)}…`);
	});
});

/** One file per place a value or key from the file can be echoed, each holding LONG. */
const FILES: readonly (readonly [string, string])[] = [
	['apiVersion', file().replace('etcd-wizard/v1', LONG)],
	['name', file().replace('name: homelab', `name: ${LONG}`)],
	['a host name', file().replace('name: etcd1', `name: ${LONG}`)],
	['a host address', file().replace('10.77.0.11', `${LONG}:22`)],
	['a duplicate host name', file('  - name: etcd1', `    address: ${LONG}`)],
	['a string where a number goes', file('ssh:', `  port: "${LONG}"`)],
	['a string where a boolean goes', file('ssh:', `  agent: ${LONG}`)],
	['an unknown top-level key', file(`${LONG}: 1`)],
	['an unknown ssh key', file('ssh:', `  ${LONG}: 1`)],
	['an unknown host key', file().replace('address: 10.77.0.11', `${LONG}: 1`)],
	...['version', 'interface', 'user', 'group', 'confDir', 'dataDir', 'binDir'].map(
		(key) => [`etcd.${key}`, file('etcd:', `  ${key}: ${LONG}`)] as const,
	),
	[
		'etcd.version digits',
		file(
			'etcd:',
			`  version: "3.7.${'9'.repeat(1000)}"`,
			'  settings:',
			'    enable-v2: true',
			'    experimental-x: 1',
		),
	],
	['a download URL', file('etcd:', `  downloadUrl: ${LONG}`, '  checksumUrl: https://m/S')],
	[
		'a placeholder',
		file('etcd:', `  downloadUrl: https://m/{${LONG}}`, '  checksumUrl: https://m/S'),
	],
	['a setting key', file('etcd:', '  settings:', `    --${LONG}: 1`)],
	['a setting key with _', file('etcd:', '  settings:', `    a_${LONG}: 1`)],
	['a setting value', file('etcd:', '  settings:', `    heartbeat-interval: ${LONG}`)],
	['a compaction mode', file('etcd:', '  settings:', `    auto-compaction-mode: ${LONG}`)],
	['an alias', file(`pki: *${LONG}`)],
	['a tag', file(`pki: !${LONG} x`)],
];

describe('no diagnostic echoes more than 80 characters of the file', () => {
	it.each(FILES)('%s', (_, text) => {
		const found = problems(text);
		expect(found.length).toBeGreaterThan(0);
		for (const diagnostic of found) {
			expect(diagnostic).not.toContain(LONG.slice(0, 81));
			expect(diagnostic).not.toContain('9'.repeat(81));
			expect(diagnostic.length).toBeLessThan(520);
		}
	});
});

describe('host count', () => {
	const hosts = (count: number) =>
		[
			'apiVersion: etcd-wizard/v1',
			'name: lab',
			'hosts:',
			...Array.from({ length: count }, (_, i) => `  - {name: m${i}, address: 10.0.0.${i + 1}}`),
		].join('\n');

	it('warns from 8 to 15 hosts, and refuses more', () => {
		expect(problems(hosts(15))).toEqual([
			'cluster.yaml:3:1 warning: hosts: 15 members: every write waits for a majority (8), so more than 7 slows the cluster without need; 3, 5 or 7 members are recommended',
		]);
		expect(problems(hosts(16))).toEqual([
			"cluster.yaml:3:1 hosts: 16 hosts are more than the 15 a cluster file may list; etcd's guidance is at most 7 members (every write waits for a majority of them): keep 3, 5 or 7 and make further clusters for the rest",
		]);
	});
});

describe('addressKey: one key per address, however written', () => {
	it.each([
		['::1', '0:0:0:0:0:0:0:1'],
		['fd00::1', 'FD00:0000::0001'],
		['::ffff:10.0.0.1', '10.0.0.1'],
		['::FFFF:A00:1', '10.0.0.1'],
		['fe80::1%eth0', 'FE80:0::1%ETH0'],
		['Node.Lab', 'node.lab'],
	])('%s is %s', (a, b) => {
		expect(addressKey(a)).toBe(addressKey(b));
	});

	it.each([
		['::1', '::2'],
		['fe80::1%eth0', 'fe80::1%eth1'],
		['fe80::1%eth0', 'fe80::1'],
		['10.0.0.1', '10.0.0.10'],
	])('%s is not %s', (a, b) => {
		expect(addressKey(a)).not.toBe(addressKey(b));
	});
});
