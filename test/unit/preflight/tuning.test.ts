import { describe, expect, it } from 'vitest';
import { currentTiming, recommendTiming } from '../../../source/preflight/index.js';
import { tuningCheck } from '../../../source/preflight/tuning.js';
import { spec } from './fixtures.js';

describe('recommendTiming', () => {
	it("keeps etcd's defaults on a LAN", () => {
		expect(recommendTiming(0.05)).toEqual({ heartbeatMs: 100, electionTimeoutMs: 1000 });
		expect(recommendTiming(null)).toEqual({ heartbeatMs: 100, electionTimeoutMs: 1000 });
	});

	it('puts the heartbeat near the round trip and the election timeout at 10 x it', () => {
		expect(recommendTiming(143.2)).toEqual({ heartbeatMs: 150, electionTimeoutMs: 1500 });
		const { heartbeatMs, electionTimeoutMs } = recommendTiming(320);
		expect(electionTimeoutMs).toBeGreaterThanOrEqual(10 * 320);
		expect(electionTimeoutMs).toBeGreaterThanOrEqual(5 * heartbeatMs);
	});

	it("stays within etcd's 50 s limit", () => {
		expect(recommendTiming(9000)).toEqual({ heartbeatMs: 5000, electionTimeoutMs: 50_000 });
	});
});

describe('currentTiming', () => {
	it("reads the cluster file's settings, with etcd's defaults for what is not set", () => {
		expect(currentTiming(spec({ 'heartbeat-interval': 250, 'election-timeout': 2500 }))).toEqual({
			heartbeatMs: 250,
			electionTimeoutMs: 2500,
		});
	});
});

describe('tuningCheck', () => {
	const advice = (rttMs: number | null, heartbeatMs: number, electionTimeoutMs: number) => ({
		rttMs,
		between: rttMs === null ? null : (['etcd1', 'etcd3'] as const),
		recommended: recommendTiming(rttMs),
		current: { heartbeatMs, electionTimeoutMs },
	});

	it('passes settings that fit, naming the measured round trip and the recommendation', () => {
		const row = tuningCheck(advice(0.06, 100, 1000));
		expect(row.verdict).toBe('pass');
		expect(row.reason).toBe(
			'measured round trip 0.06 ms at most (etcd1 -> etcd3); recommended heartbeat-interval 100 ms, election-timeout 1000 ms; the cluster file has heartbeat-interval 100 ms, election-timeout 1000 ms',
		);
	});

	it('warns about tight settings and fails an election timeout under twice the round trip', () => {
		const tight = tuningCheck(advice(150, 100, 1000));
		expect(tight.verdict).toBe('warn');
		expect(tight.fix).toBe(
			'set heartbeat-interval: 150 and election-timeout: 1500 under etcd.settings in the cluster file',
		);
		expect(tuningCheck(advice(600, 100, 1000)).verdict).toBe('fail');
	});

	it('warns when nothing was measured', () => {
		expect(tuningCheck(advice(null, 100, 1000))).toMatchObject({ verdict: 'warn', host: null });
	});
});
