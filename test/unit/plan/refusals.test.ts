import { describe, expect, it } from 'vitest';
import { planCluster } from '../../../source/plan/plan.js';
import type { HostFacts } from '../../../source/shell/facts.js';
import { ACTIVE_UNIT, configFiles, facts, spec } from '../preflight/fixtures.js';

// Each refusal of the planner on its own: three hosts that are fine but for one, and the whole
// list of problems, so the refusal named is the only one and says what it must.

const TOKEN = 'homelab-abc';

function plan(hosts: ReadonlyMap<string, HostFacts>) {
	const cluster = spec();
	return planCluster({
		spec: cluster,
		facts: hosts,
		desired: new Map(cluster.hosts.map((h) => [h.name, []])),
		token: TOKEN,
	});
}

/** A member of this cluster that runs: its data dir holds data, its config has our token. */
const running = (extra: Partial<HostFacts> = {}): Partial<HostFacts> => ({
	hasData: true,
	files: configFiles(TOKEN),
	unit: ACTIVE_UNIT,
	...extra,
});

describe('planCluster refuses', () => {
	it('nothing on three good hosts (the control for the cases below)', () => {
		expect(plan(facts()).problems).toEqual([]);
		expect(plan(facts({ etcd1: running(), etcd2: running(), etcd3: running() })).problems).toEqual(
			[],
		);
	});

	it('data that no cluster file made: a data dir without etcd.conf.yml', () => {
		const p = plan(
			facts({ etcd1: running(), etcd2: running({ files: new Map() }), etcd3: running() }),
		);
		expect(p.problems).toEqual([
			{
				host: 'etcd2',
				message:
					'etcd2 already has etcd data in /var/lib/etcd from another cluster (not made by this cluster file)',
				hint: 'etcd-wizard never wipes a data dir: back it up and move it away on etcd2, or remove etcd2 from the cluster file',
			},
		]);
	});

	it('data that no cluster file made: an etcd.conf.yml without initial-cluster-token', () => {
		const files = new Map(configFiles(TOKEN));
		const [path, config] = [...files][0] ?? [];
		if (!path || !config) throw new Error('fixture: configFiles has no config');
		files.set(path, { ...config, content: 'name: etcd3\n' });
		const p = plan(facts({ etcd1: running(), etcd2: running(), etcd3: running({ files }) }));
		expect(p.problems.map((x) => x.message)).toEqual([
			'etcd3 already has etcd data in /var/lib/etcd from another cluster (not made by this cluster file)',
		]);
	});

	it('a host whose cluster interface has no IPv4 address', () => {
		const p = plan(facts({ etcd2: { interfaces: [{ name: 'wg0', ipv4: [] }] } }));
		expect(p.problems).toEqual([
			{
				host: 'etcd2',
				message: 'etcd2 has no IPv4 address on wg0',
				hint: 'give wg0 an address on etcd2; etcd binds to it',
			},
		]);
	});

	it('a host of an architecture etcd ships no release for, or of none reported', () => {
		const p = plan(facts({ etcd1: { arch: 'riscv64' }, etcd3: { arch: '' } }));
		expect(p.problems).toEqual([
			{
				host: 'etcd1',
				message: 'etcd1 is riscv64: etcd ships no release for it',
				hint: 'use an amd64, arm64, ppc64le or s390x host',
			},
			{
				host: 'etcd3',
				message: 'etcd3 is an unknown architecture: etcd ships no release for it',
				hint: 'use an amd64, arm64, ppc64le or s390x host',
			},
		]);
	});

	it('a host no facts were gathered from, and plans nothing for it', () => {
		const hosts = facts();
		hosts.delete('etcd3');
		const p = plan(hosts);
		expect(p.problems).toEqual([
			{
				host: 'etcd3',
				message: 'no facts were gathered from etcd3',
				hint: 'check that the host is reachable over SSH',
			},
		]);
		expect(p.nodes.map((n) => n.node)).toEqual(['etcd1', 'etcd2']);
	});

	it('every host when none answered', () => {
		expect(plan(new Map()).problems.map((x) => x.message)).toEqual([
			'no facts were gathered from etcd1',
			'no facts were gathered from etcd2',
			'no facts were gathered from etcd3',
		]);
	});
});
