import { describe, expect, it } from 'vitest';
import { bytes, clusterLine, formatHealthTable } from '../../../source/health/format-table.js';
import { summarizeCluster } from '../../../source/health/probe-cluster.js';
import { healthyCheck, unreachableCheck } from './fixtures.js';

const degraded = summarizeCluster('homelab', [
	healthyCheck(0),
	healthyCheck(1, { latencyMs: 12.5 }),
	unreachableCheck(2),
]);

describe('formatHealthTable', () => {
	it('prints the cluster line, etcdctl-like columns plus health and latency, then the reasons', () => {
		expect(formatHealthTable(degraded)).toBe(
			[
				'cluster homelab: degraded, quorum 2/3, leader etcd2, cluster id cdf818194e3a8c32',
				'+-------+-------------------------+------------------+---------+---------+--------+-----------+------------+-----------+------------+--------------------+--------+-----------+---------+',
				'| NAME  |        ENDPOINT         |        ID        | VERSION | DB SIZE | IN USE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |  HEALTH   | LATENCY |',
				'+-------+-------------------------+------------------+---------+---------+--------+-----------+------------+-----------+------------+--------------------+--------+-----------+---------+',
				'| etcd1 | https://10.88.0.11:2379 | 8e9e05c52164694d | 3.6.14  |   20 kB |  16 kB | false     | false      |         2 |         11 |                 11 |        | healthy   |  3.1 ms |',
				'| etcd2 | https://10.88.0.12:2379 | d2b49930b226bd0e | 3.6.14  |   20 kB |  16 kB | true      | false      |         2 |         11 |                 11 |        | healthy   | 12.5 ms |',
				'| etcd3 | https://10.88.0.13:2379 | fd422379fda50e48 | -       |       - |      - | -         | false      |         - |          - |                  - |        | UNHEALTHY |       - |',
				'+-------+-------------------------+------------------+---------+---------+--------+-----------+------------+-----------+------------+--------------------+--------+-----------+---------+',
				'cannot reach etcd3 at 10.88.0.13:2379: connect ECONNREFUSED',
			].join('\n'),
		);
	});

	it('leaves out the least useful columns until the table fits the width, never the reasons', () => {
		const text = formatHealthTable(degraded, 80);
		const lines = text.split('\n');
		expect(lines.slice(1, 4)).toEqual([
			'+-------+---------+-----------+-----------+--------+-----------+---------+',
			'| NAME  | DB SIZE | IS LEADER | RAFT TERM | ERRORS |  HEALTH   | LATENCY |',
			'+-------+---------+-----------+-----------+--------+-----------+---------+',
		]);
		for (const line of lines.slice(1, -1)) expect(line.length).toBeLessThanOrEqual(80);
		expect(lines.at(-1)).toBe('cannot reach etcd3 at 10.88.0.13:2379: connect ECONNREFUSED');
		// Narrower than the core columns: those stay, the table just overflows.
		expect(formatHealthTable(degraded, 20).split('\n')[2]).toBe(
			'| NAME  | IS LEADER | RAFT TERM |  HEALTH   | LATENCY |',
		);
	});

	it('lists status errors and alarms in ERRORS, cut to fit, and the full reason below', () => {
		const health = summarizeCluster('homelab', [
			healthyCheck(0, {
				healthy: false,
				errors: ['etcdserver: mvcc: database space exceeded'],
				alarms: ['NOSPACE'],
				error: 'etcd1 is unhealthy: alarm NOSPACE is active',
			}),
		]);
		const [, , , , row, , reason] = formatHealthTable(health).split('\n');
		expect(row).toContain('| etcdserver: mvcc: database spac… |');
		expect(reason).toBe('etcd1 is unhealthy: alarm NOSPACE is active');
	});
});

describe('clusterLine', () => {
	it('says healthy, degraded or NO QUORUM with the count of healthy voters', () => {
		const healthy = summarizeCluster(
			'homelab',
			[0, 1, 2].map((i) => healthyCheck(i)),
		);
		expect(clusterLine(healthy)).toBe(
			'cluster homelab: healthy, quorum 3/3, leader etcd2, cluster id cdf818194e3a8c32',
		);
		const down = summarizeCluster('homelab', [0, 1, 2].map(unreachableCheck));
		expect(clusterLine(down)).toBe(
			'cluster homelab: NO QUORUM (0/3 healthy), no leader, cluster id unknown',
		);
	});
});

describe('bytes', () => {
	it('prints sizes in powers of 1000 like etcdctl', () => {
		expect(bytes(null)).toBe('-');
		expect(bytes(0)).toBe('0 B');
		expect(bytes(9)).toBe('9 B');
		expect(bytes(512)).toBe('512 B');
		expect(bytes(1500)).toBe('1.5 kB');
		expect(bytes(20480)).toBe('20 kB');
		expect(bytes(2_147_483_648)).toBe('2.1 GB');
		expect(bytes(8_589_934_592)).toBe('8.6 GB');
	});
});
