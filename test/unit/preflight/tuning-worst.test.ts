import { describe, expect, it } from 'vitest';
import { tuningAdvice } from '../../../source/preflight/tuning.js';
import type { HostMeasurements } from '../../../source/preflight/types.js';
import type { PingResult } from '../../../source/shell/probe-results.js';
import { evaluate, measured, NAMES, spec } from './fixtures.js';

// Every fixture ping is 0.05 ms, so the fixtures alone cannot tell the worst round trip from
// the best. Here the round trips differ, and the advice must follow the largest.

const ping = (to: string, avgMs: number | null): PingResult => ({
	to,
	avgMs,
	maxMs: avgMs === null ? null : avgMs * 1.2,
	lossPercent: 0,
	...(avgMs === null ? { error: 'no reply' } : {}),
});

/** Each member's pings as given, in the order of `order` (the order the probes reported in). */
function pinged(
	pings: Record<(typeof NAMES)[number], readonly PingResult[]>,
	order: readonly (typeof NAMES)[number][] = NAMES,
): Map<string, HostMeasurements> {
	return new Map(order.map((name) => [name, measured(name, { pings: pings[name] })]));
}

/** A WAN cluster: the slowest link is etcd2 <-> etcd3, 143.2 ms; others are faster. */
const wan = {
	etcd1: [ping('etcd2', 12.5), ping('etcd3', 40)],
	etcd2: [ping('etcd1', 12.4), ping('etcd3', 143.2)],
	etcd3: [ping('etcd1', 39.8), ping('etcd2', null)],
};

describe('tuningAdvice: the largest round trip decides', () => {
	it.each([
		['in file order', NAMES],
		['with the slowest host first', ['etcd2', 'etcd3', 'etcd1'] as const],
		['with the slowest host last', ['etcd3', 'etcd1', 'etcd2'] as const],
	])('%s', (_, order) => {
		expect(tuningAdvice(spec(), pinged(wan, order))).toEqual({
			rttMs: 143.2,
			between: ['etcd2', 'etcd3'],
			recommended: { heartbeatMs: 150, electionTimeoutMs: 1500 },
			current: { heartbeatMs: 100, electionTimeoutMs: 1000 },
		});
	});

	it('takes the largest of the pings one member reported, whichever comes first', () => {
		for (const pings of [
			[ping('etcd2', 250), ping('etcd3', 0.3)],
			[ping('etcd2', 0.3), ping('etcd3', 250)],
		]) {
			const advice = tuningAdvice(
				spec(),
				pinged({ etcd1: pings, etcd2: [ping('etcd1', 1)], etcd3: [ping('etcd1', 2)] }),
			);
			expect(advice.rttMs).toBe(250);
			expect(advice.recommended).toEqual({ heartbeatMs: 250, electionTimeoutMs: 2500 });
		}
	});

	it('ignores a ping that got no reply rather than taking it as the smallest', () => {
		const advice = tuningAdvice(
			spec(),
			pinged({
				etcd1: [ping('etcd2', null), ping('etcd3', 80)],
				etcd2: [ping('etcd1', null)],
				etcd3: [ping('etcd1', null)],
			}),
		);
		expect(advice).toMatchObject({ rttMs: 80, between: ['etcd1', 'etcd3'] });
	});
});

describe('the tuning check follows the slowest link', () => {
	it("warns with the slowest link's figures, though most links would pass etcd's defaults", () => {
		const report = evaluate({
			measured: {
				etcd1: { pings: wan.etcd1 },
				etcd2: { pings: wan.etcd2 },
				etcd3: { pings: wan.etcd3 },
			},
		});
		const row = report.checks.find((c) => c.check === 'tuning');
		expect(row).toMatchObject({ verdict: 'warn', host: null });
		expect(row?.reason).toContain('measured round trip 143 ms at most (etcd2 -> etcd3)');
		expect(row?.fix).toBe(
			'set heartbeat-interval: 150 and election-timeout: 1500 under etcd.settings in the cluster file',
		);
	});

	it('fails an election timeout under twice the slowest round trip', () => {
		const report = evaluate({
			measured: {
				etcd1: { pings: [ping('etcd2', 0.2), ping('etcd3', 0.2)] },
				etcd2: { pings: [ping('etcd1', 0.2), ping('etcd3', 600)] },
				etcd3: { pings: [ping('etcd1', 0.2), ping('etcd2', 599)] },
			},
		});
		expect(report.checks.find((c) => c.check === 'tuning')?.verdict).toBe('fail');
		expect(report.ok).toBe(false);
	});
});
