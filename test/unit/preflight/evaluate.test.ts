import { describe, expect, it } from 'vitest';
import { failedProblems } from '../../../source/preflight/index.js';
import type { CheckReport } from '../../../source/preflight/types.js';
import { clusterToken } from '../../../source/render/index.js';
import { ACTIVE_UNIT, blocked, configFiles, evaluate, ip, spec } from './fixtures.js';

const failures = (report: CheckReport) => report.checks.filter((c) => c.verdict === 'fail');
const warnings = (report: CheckReport) => report.checks.filter((c) => c.verdict === 'warn');

describe('evaluateChecks', () => {
	it('passes a good cluster, every check once per host, with the tuning advice', () => {
		const report = evaluate();
		expect(failures(report)).toEqual([]);
		expect(warnings(report)).toEqual([]);
		expect(report.ok).toBe(true);
		const perHost = ['ssh', 'system', 'interface', 'ports', 'reach', 'rtt', 'disk', 'space'];
		for (const check of [...perHost, 'clock', 'memory', 'firewall', 'etcd']) {
			expect(
				report.checks.filter((c) => c.check === check && c.host === 'etcd2'),
				check,
			).toHaveLength(1);
		}
		expect(report.checks.find((c) => c.check === 'reach' && c.host === 'etcd3')?.reason).toBe(
			'etcd1 and etcd2 reach etcd3 (10.88.0.13) on peer port 2380 and client port 2379 (answered by a perl listener)',
		);
		expect(report.tuning).toEqual({
			rttMs: 0.05,
			between: ['etcd1', 'etcd2'],
			recommended: { heartbeatMs: 100, electionTimeoutMs: 1000 },
			current: { heartbeatMs: 100, electionTimeoutMs: 1000 },
		});
		expect(report.checks.find((c) => c.check === 'tuning')?.reason).toContain(
			'measured round trip 0.05 ms at most (etcd1 -> etcd2)',
		);
		// The report's order: by check, then the file's host order.
		const order = report.checks.map((c) => c.check);
		expect(order.indexOf('ssh')).toBe(0);
		expect(order.lastIndexOf('ssh')).toBeLessThan(order.indexOf('system'));
	});

	it('fails a dropped peer port naming both hosts and the port, and the firewall rule', () => {
		const report = evaluate({
			measured: {
				etcd1: blocked('timeout'),
				etcd3: { firewalls: [{ kind: 'nftables', where: 'inet f input' }] },
			},
		});
		expect(report.ok).toBe(false);
		const [reach, ...rest] = failures(report);
		expect(rest).toEqual([]);
		expect(reach).toMatchObject({ check: 'reach', host: 'etcd3', from: 'etcd1', port: 2380 });
		expect(reach?.reason).toBe(
			'etcd1 cannot reach etcd3 at 10.88.0.13:2380 (peer port): no answer within 2 s: something drops the packets (a firewall on etcd3 or on the way)',
		);
		expect(reach?.fix).toBe(
			'let etcd1 in on etcd3: nft insert rule inet f input iifname wg0 tcp dport { 2380 } accept (and the same in your nftables.conf)',
		);
		const firewall = report.checks.find((c) => c.check === 'firewall' && c.host === 'etcd3');
		expect(firewall?.verdict).toBe('warn');
		expect(firewall?.fix).toContain('tcp dport { 2380, 2379 } accept');
		// etcd2 reached etcd3 on both ports: no row says otherwise.
		expect(report.checks.filter((c) => c.from === 'etcd2')).toEqual([]);
	});

	it('warns when the firewall rules of a host that peers cannot reach could not be read', () => {
		const report = evaluate({
			measured: {
				etcd1: blocked('timeout'),
				etcd2: { firewallsUnreadable: ['nftables: Operation not permitted'] },
				etcd3: { firewallsUnreadable: ['nftables: Operation not permitted'] },
			},
		});
		const rows = report.checks.filter((c) => c.check === 'firewall');
		expect(rows.map((r) => `${r.verdict} ${r.host}`)).toEqual([
			'pass etcd1',
			'pass etcd2',
			'warn etcd3',
		]);
		expect(rows[2]?.reason).toBe(
			'the rules on etcd3 could not be read (nftables: Operation not permitted), and not every member reached ports 2380 and 2379 on it',
		);
	});

	it('says a refused connection may be nothing listening', () => {
		const report = evaluate({ measured: { etcd1: blocked('refused', 2379) } });
		expect(failures(report).map((f) => f.reason)).toEqual([
			'etcd1 cannot reach etcd3 at 10.88.0.13:2379 (client port): connection refused: a firewall rejects it, or nothing listens there',
		]);
	});

	it('fails a port taken by another program, naming host, port and program', () => {
		const report = evaluate({
			facts: {
				etcd2: { listening: [{ port: 2379, address: '0.0.0.0', process: 'perl' }] },
			},
		});
		expect(failures(report)).toEqual([
			expect.objectContaining({
				check: 'ports',
				host: 'etcd2',
				port: 2379,
				reason: 'etcd2: client port 2379 is taken by perl (listening on 0.0.0.0:2379)',
			}),
		]);
	});

	it('ignores a port held on another address, but not one on 127.0.0.1 for the client port', () => {
		const elsewhere = evaluate({
			facts: { etcd1: { listening: [{ port: 2380, address: '127.0.0.1', process: 'x' }] } },
		});
		expect(elsewhere.ok).toBe(true);
		const loopback = evaluate({
			facts: { etcd1: { listening: [{ port: 2379, address: '127.0.0.1', process: 'x' }] } },
		});
		expect(failures(loopback).map((f) => f.check)).toEqual(['ports']);
	});

	it("passes ports held by this cluster's own etcd, and reports it as this cluster's", () => {
		const s = spec();
		const token = clusterToken(s, 'CA PEM');
		const own = (name: string) => ({
			etcdVersion: '3.6.14',
			etcdctlPresent: true,
			hasData: true,
			unit: ACTIVE_UNIT,
			files: configFiles(token),
			listening: [
				{ port: 2380, address: ip(name), process: 'etcd' },
				{ port: 2379, address: ip(name), process: 'etcd' },
				{ port: 2379, address: '127.0.0.1', process: 'etcd' },
			],
		});
		const running = { etcd1: own('etcd1'), etcd2: own('etcd2'), etcd3: own('etcd3') };
		const report = evaluate({ facts: running, token });
		expect(failures(report)).toEqual([]);
		expect(report.checks.find((c) => c.check === 'ports' && c.host === 'etcd1')?.reason).toBe(
			"peer port 2380 is this cluster's etcd, client port 2379 is this cluster's etcd",
		);
		expect(report.checks.find((c) => c.check === 'etcd' && c.host === 'etcd1')?.reason).toBe(
			"this cluster's etcd 3.6.14 (active, enabled)",
		);
		// Another token: the data and the ports belong to another cluster.
		const other = evaluate({ facts: running, token: clusterToken(s, 'ANOTHER CA') });
		expect(
			failures(other)
				.filter((f) => f.host === 'etcd1')
				.map((f) => f.check),
		).toEqual(['ports', 'ports', 'etcd']);
		expect(failures(other).map((f) => f.reason)).toContainEqual(
			expect.stringMatching(
				/^etcd1 already has etcd data in \/var\/lib\/etcd from another cluster/,
			),
		);
	});

	it("fails a missing interface once, in the planner's words, and leaves the host out of network checks", () => {
		const report = evaluate({
			facts: {
				etcd3: {
					interfaces: [{ name: 'eth0', ipv4: [{ address: '10.77.0.13', prefixLength: 24 }] }],
				},
			},
		});
		expect(failures(report)).toEqual([
			expect.objectContaining({
				check: 'interface',
				host: 'etcd3',
				reason: 'etcd3 has no interface wg0 (it has: eth0)',
			}),
		]);
		expect(report.checks.filter((c) => c.check === 'reach').map((c) => c.host)).toEqual([
			'etcd1',
			'etcd2',
		]);
		expect(
			failedProblems(report, [
				{ host: 'etcd3', message: 'etcd3 has no interface wg0 (it has: eth0)', hint: 'h' },
			]),
		).toHaveLength(1);
	});

	it('fails duplicate addresses and warns when the members are not in one subnet', () => {
		const wg = (address: string, prefixLength = 24) => ({
			interfaces: [{ name: 'wg0', ipv4: [{ address, prefixLength }] }],
		});
		const dup = evaluate({ facts: { etcd2: wg('10.88.0.11') } });
		expect(failures(dup).map((f) => [f.host, f.reason])).toEqual([
			['etcd1, etcd2', 'etcd1 and etcd2 all have 10.88.0.11 on wg0'],
		]);
		const split = evaluate({ facts: { etcd3: wg('10.99.0.13') } });
		expect(warnings(split).map((w) => w.check)).toEqual(['addresses']);
		expect(warnings(split)[0]?.reason).toContain('etcd3 10.99.0.13/24');
	});

	it('warns about a slow disk, little memory, a drifting clock; fails a clock an hour behind', () => {
		const report = evaluate({
			facts: { etcd2: { memTotalKiB: 1024 * 1024 } },
			measured: {
				etcd1: { disk: { path: '/var/lib', writeLatencyMs: 18.2 } },
				etcd2: { clock: { offsetMs: 2500, uncertaintyMs: 4 } },
				etcd3: { clock: { offsetMs: -7_200_000, uncertaintyMs: 4 } },
			},
		});
		expect(warnings(report).map((w) => `${w.check} ${w.host}`)).toEqual([
			'disk etcd1',
			'clock etcd2',
			'memory etcd2',
		]);
		expect(warnings(report)[0]?.reason).toBe(
			'etcd1: a synchronous 8 KiB write takes 18 ms on average in /var/lib; etcd wants its WAL fsyncs well under 10 ms',
		);
		expect(failures(report).map((f) => f.reason)).toEqual([
			"etcd3's clock is -7200000 ms (within 4.0 ms) from this machine's: certificates made here would not be valid there yet",
		]);
	});

	it('fails free space under 1 GiB and a read-only data dir', () => {
		const report = evaluate({
			facts: { etcd1: { dataFreeKiB: 500 * 1024 } },
			measured: {
				etcd2: { disk: { path: '/var/lib', error: 'dd: failed to open: Read-only file system' } },
			},
		});
		expect(failures(report).map((f) => `${f.check} ${f.host}`)).toEqual([
			'disk etcd2',
			'space etcd1',
		]);
	});

	it('warns, naming the host and the programs looked for, when nothing can listen', () => {
		const report = evaluate({
			measured: {
				etcd2: {
					listeners: new Map([
						[2380, { kind: 'skipped', cause: 'no-tool', reason: 'no program to listen with' }],
						[2379, { kind: 'skipped', cause: 'no-tool', reason: 'no program to listen with' }],
					]),
				},
			},
		});
		expect(report.ok).toBe(true);
		const skipped = warnings(report).filter((w) => w.check === 'reach');
		expect(skipped.map((w) => w.port)).toEqual([2380, 2379]);
		expect(skipped[0]?.fix).toBe(
			'install one of python3, perl, socat, ncat, OpenBSD nc and busybox nc on etcd2 (python3 or perl is on most servers), then run check again',
		);
	});

	it('fails an etcd upgrade that skips a minor version on a member with data', () => {
		const s = spec();
		const token = clusterToken(s, 'CA');
		const old = { etcdVersion: '3.4.23', hasData: true, files: configFiles(token) };
		const report = evaluate({ facts: { etcd1: old, etcd2: old, etcd3: old }, token });
		expect(failures(report).map((f) => f.reason)).toEqual(
			['etcd1', 'etcd2', 'etcd3'].map(
				(h) =>
					`${h} runs etcd 3.4.23 with data: etcd upgrades one minor version at a time, so 3.6.14 cannot follow it directly`,
			),
		);
		expect(failures(report)[0]?.fix).toBe(
			'set etcd.version to the latest 3.5.x release, apply, then go on to 3.6.14',
		);
	});
});
