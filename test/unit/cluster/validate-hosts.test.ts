import { describe, expect, it } from 'vitest';
import { problems } from './helpers.js';

/** A file whose host items are `items` (inline maps), from line 4 on. */
function hosts(...items: string[]): string {
	const lines = [
		'apiVersion: etcd-wizard/v1',
		'name: lab',
		'hosts:',
		...items.map((i) => `  - ${i}`),
	];
	return `${lines.join('\n')}\n`;
}

const two = ['{name: a, address: 10.0.0.1}', '{name: b, address: 10.0.0.2}'];

describe('hosts', () => {
	it('needs at least one host', () => {
		expect(problems('apiVersion: etcd-wizard/v1\nname: lab\nhosts: []\n')).toEqual([
			'cluster.yaml:3:1 hosts: needs at least one host, each with a name and an address',
		]);
		expect(problems('apiVersion: etcd-wizard/v1\nname: lab\n')).toEqual([
			'cluster.yaml:1:1 hosts: needs at least one host, each with a name and an address',
		]);
	});

	it('needs a name and an address on each host', () => {
		expect(
			problems(hosts(...two, '{address: 10.0.0.3}', '{name: e, address: 10.0.0.5}', '{name: d}')),
		).toEqual([
			"cluster.yaml:6:5 hosts[2].name: is required: the etcd member name, e.g. etcd3 (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
			'cluster.yaml:8:5 hosts[4].address: is required: the IP address or host name SSH reaches the host at',
		]);
	});

	it('reports an unknown host key with the accepted keys', () => {
		expect(problems(hosts(...two, '{name: c, adress: 10.0.0.3}'))).toEqual([
			'cluster.yaml:6:5 hosts[2].address: is required: the IP address or host name SSH reaches the host at',
			'cluster.yaml:6:15 hosts[2].adress: unknown key "adress"; did you mean "address"? Accepted keys: name, address',
		]);
	});

	it('reports a host that is not a map', () => {
		expect(problems(hosts(...two, '10.0.0.3'))).toEqual([
			'cluster.yaml:6:5 hosts[2]: must be a map with the keys name, address; got the string "10.0.0.3"',
		]);
	});

	it.each(['Etcd1', '-etcd', 'etcd-', 'etcd_1', 'a'.repeat(64)])(
		'rejects the member name %j',
		(name) => {
			expect(problems(hosts(...two, `{name: "${name}", address: 10.0.0.3}`))).toEqual([
				`cluster.yaml:6:12 hosts[2].name: "${name}" cannot be an etcd member name and DNS name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
			]);
		},
	);

	it('rejects duplicate names and addresses, naming the first', () => {
		expect(
			problems(hosts(...two, '{name: a, address: 10.0.0.3}', '{name: d, address: 10.0.0.2}')),
		).toEqual([
			'cluster.yaml:3:1 warning: hosts: 4 members tolerate 1 failed member, no more than 3 would: an even count adds load but no fault tolerance; 3, 5 or 7 members are recommended',
			'cluster.yaml:6:12 hosts[2].name: "a" is already used by hosts[0].name; each host needs its own name',
			'cluster.yaml:7:24 hosts[3].address: "10.0.0.2" is already used by hosts[1].address; each host needs its own address',
		]);
	});

	it('compares host names without case', () => {
		expect(
			problems(
				hosts(
					'{name: a, address: node.lab}',
					'{name: b, address: NODE.lab}',
					'{name: c, address: x}',
				),
			),
		).toEqual([
			'cluster.yaml:5:24 hosts[1].address: "NODE.lab" is already used by hosts[0].address (written "node.lab"); each host needs its own address',
		]);
	});

	it.each([
		['10.0.0.256', 'is not a valid IPv4 address'],
		['"[fd00::1]"', 'has brackets; write an IPv6 address without them'],
		['"10.0.0.3:22"', 'includes a port; put the port in ssh.port instead'],
		['"fd00::1::2"', 'is not a valid IPv6 address'],
		['node_3.lab', 'is not an IPv4 or IPv6 address or a host name'],
	])('rejects the address %s', (address, problem) => {
		const shown = address.replaceAll('"', '');
		expect(problems(hosts(...two, `{name: c, address: ${address}}`))).toEqual([
			`cluster.yaml:6:24 hosts[2].address: "${shown}" ${problem}`,
		]);
	});
});

describe('member count', () => {
	const many = (count: number) =>
		Array.from({ length: count }, (_, i) => `{name: m${i}, address: 10.0.0.${i + 1}}`);

	it('accepts 1, 3, 5 and 7 members', () => {
		for (const count of [1, 3, 5, 7]) expect(problems(hosts(...many(count)))).toEqual([]);
	});

	it('warns about an even count', () => {
		expect(problems(hosts(...many(4)))).toEqual([
			'cluster.yaml:3:1 warning: hosts: 4 members tolerate 1 failed member, no more than 3 would: an even count adds load but no fault tolerance; 3, 5 or 7 members are recommended',
		]);
	});

	it('warns about more than 7 members', () => {
		expect(problems(hosts(...many(9)))).toEqual([
			'cluster.yaml:3:1 warning: hosts: 9 members: every write waits for a majority (5), so more than 7 slows the cluster without need; 3, 5 or 7 members are recommended',
		]);
	});

	it('keeps the spec when there are only warnings', async () => {
		const { parseClusterFile } = await import('../../../source/cluster/index.js');
		expect(parseClusterFile(hosts(...many(2)), 'c.yaml').spec?.hosts).toHaveLength(2);
	});
});
