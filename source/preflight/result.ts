import type { CheckId, CheckResult, Verdict } from './types.js';

/** Reachability results also name the connecting host and the port. */
type Pair = Pick<CheckResult, 'from' | 'port'>;

/** A passed check: nothing to do. */
export function pass(
	check: CheckId,
	host: string | null,
	reason: string,
	pair?: Pair,
): CheckResult {
	return { check, host, ...pair, verdict: 'pass', reason, fix: null };
}

/** A warning or failure, with what to do about it. */
export function finding(
	verdict: Exclude<Verdict, 'pass'>,
	check: CheckId,
	host: string | null,
	reason: string,
	fix: string,
	pair?: Pair,
): CheckResult {
	return { check, host, ...pair, verdict, reason, fix };
}

/** "a, b and c". */
export function listing(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Milliseconds for reading: 0.052 -> "0.05 ms", 7.25 -> "7.3 ms", 140 -> "140 ms". */
export function ms(value: number): string {
	const digits = value < 1 ? 2 : value < 10 ? 1 : 0;
	return `${value.toFixed(digits)} ms`;
}

/** Where a finding is: the host, or "from -> host" for a pair. */
export function findingPlace(row: CheckResult): string | null {
	return row.from ? `${row.from} -> ${row.host}` : row.host;
}
