import type { ClusterSpec } from '../cluster/types.js';
import type { PingResult } from '../shell/probe-results.js';
import { finding, listing, ms, pass } from './result.js';
import type { CheckResult, HostMeasurements, Timing, TuningAdvice } from './types.js';

/** etcd's defaults, and the bounds etcd puts on its timing flags. */
const DEFAULT_TIMING: Timing = { heartbeatMs: 100, electionTimeoutMs: 1000 };
const MAX_ELECTION_TIMEOUT_MS = 50_000;

/** Packet loss on the cluster network above which leader elections get likely. */
const LOSS_WARN_PERCENT = 1;

const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;

/**
 * etcd's tuning guide: heartbeat near the members' round-trip time (never below etcd's 100 ms
 * default), election timeout at least 10 x the round trip and 5 x the heartbeat (we keep
 * etcd's own 10 x heartbeat, which covers both), at most 50 s.
 */
export function recommendTiming(rttMs: number | null): Timing {
	const heartbeatMs = Math.min(
		MAX_ELECTION_TIMEOUT_MS / 10,
		Math.max(DEFAULT_TIMING.heartbeatMs, ceilTo(rttMs ?? 0, 10)),
	);
	return {
		heartbeatMs,
		electionTimeoutMs: Math.max(DEFAULT_TIMING.electionTimeoutMs, 10 * heartbeatMs),
	};
}

/** The heartbeat and election timeout the cluster file sets, etcd's defaults where it does not. */
export function currentTiming(spec: ClusterSpec): Timing {
	const value = (key: string, fallback: number) => {
		const set = Number(spec.etcd.settings[key]);
		return Number.isFinite(set) && set > 0 ? set : fallback;
	};
	return {
		heartbeatMs: value('heartbeat-interval', DEFAULT_TIMING.heartbeatMs),
		electionTimeoutMs: value('election-timeout', DEFAULT_TIMING.electionTimeoutMs),
	};
}

/** The tuning advice from every member's pings: the largest average round trip decides. */
export function tuningAdvice(
	spec: ClusterSpec,
	measurements: ReadonlyMap<string, HostMeasurements>,
): TuningAdvice {
	let worst: { rtt: number; between: [string, string] } | null = null;
	for (const [from, m] of measurements) {
		for (const ping of m.pings ?? []) {
			if (ping.avgMs !== null && (worst === null || ping.avgMs > worst.rtt)) {
				worst = { rtt: ping.avgMs, between: [from, ping.to] };
			}
		}
	}
	return {
		rttMs: worst?.rtt ?? null,
		between: worst?.between ?? null,
		recommended: recommendTiming(worst?.rtt ?? null),
		current: currentTiming(spec),
	};
}

/** One row per member: its round trips to the others, loss and silence called out. */
export function rttChecks(host: string, pings: readonly PingResult[]): CheckResult[] {
	if (pings.length === 0) return [];
	const answered = pings.filter((p) => p.avgMs !== null);
	const figures = answered.map((p) => `${p.to} ${ms(p.avgMs ?? 0)}`).join(', ');
	const silent = pings.filter((p) => p.avgMs === null);
	const lossy = answered.filter((p) => p.lossPercent > LOSS_WARN_PERCENT);
	const rows: CheckResult[] = [];
	if (silent.length > 0) {
		const why = silent.map((p) => `${p.to}: ${p.error ?? 'no reply'}`).join('; ');
		rows.push(
			finding(
				'warn',
				'rtt',
				host,
				`${host} could not measure the round trip to ${listing(silent.map((p) => p.to))} (${why})`,
				`allow ICMP echo on the cluster network (or install ping on ${host}) so the round trip can be measured; until then tune heartbeat-interval and election-timeout by hand`,
			),
		);
	}
	if (lossy.length > 0) {
		const losses = lossy.map((p) => `${p.to} ${p.lossPercent}%`).join(', ');
		rows.push(
			finding(
				'warn',
				'rtt',
				host,
				`${host} loses packets on the cluster network: ${losses}`,
				'lost heartbeats make etcd elect leaders needlessly: find the lossy link (MTU of a tunnel, a busy Wi-Fi) before relying on this cluster',
			),
		);
	}
	if (rows.length === 0) rows.push(pass('rtt', host, `round trip from ${host}: ${figures}`));
	return rows;
}

/** The cluster-wide verdict on heartbeat-interval and election-timeout. */
export function tuningCheck(advice: TuningAdvice): CheckResult {
	const { rttMs, between, recommended, current } = advice;
	const set = `heartbeat-interval: ${recommended.heartbeatMs} and election-timeout: ${recommended.electionTimeoutMs} under etcd.settings in the cluster file`;
	const now = `the cluster file has heartbeat-interval ${current.heartbeatMs} ms, election-timeout ${current.electionTimeoutMs} ms`;
	if (rttMs === null) {
		return finding(
			'warn',
			'tuning',
			null,
			`no round trip between members was measured, so none of the timing could be checked (${now})`,
			'allow ICMP echo between the members and run check again',
		);
	}
	const measured = `measured round trip ${ms(rttMs)} at most (${between?.join(' -> ')}); recommended heartbeat-interval ${recommended.heartbeatMs} ms, election-timeout ${recommended.electionTimeoutMs} ms; ${now}`;
	if (current.electionTimeoutMs <= 2 * rttMs) {
		return finding(
			'fail',
			'tuning',
			null,
			`election-timeout ${current.electionTimeoutMs} ms is not even twice the round trip: members would keep electing leaders. ${measured}`,
			`set ${set}`,
		);
	}
	if (current.heartbeatMs < rttMs || current.electionTimeoutMs < 10 * rttMs) {
		return finding(
			'warn',
			'tuning',
			null,
			`the timing is tight for this network (etcd wants heartbeat near the round trip, election timeout at least 10 x it): ${measured}`,
			`set ${set}`,
		);
	}
	return pass('tuning', null, measured);
}
