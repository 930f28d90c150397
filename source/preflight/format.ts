import { findingPlace } from './result.js';
import type { CheckId, CheckReport, CheckResult, Verdict } from './types.js';

/** The check names shown to people. */
const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
	ssh: 'ssh + sudo',
	system: 'system',
	interface: 'interface',
	addresses: 'addresses',
	ports: 'ports',
	reach: 'reachability',
	rtt: 'round trip',
	tuning: 'tuning',
	disk: 'disk latency',
	space: 'disk space',
	clock: 'clock',
	memory: 'memory',
	firewall: 'firewall',
	etcd: 'existing etcd',
};

const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
	pass: 'PASS',
	warn: 'WARN',
	fail: 'FAIL',
};
const place = (row: CheckResult) => findingPlace(row) ?? 'cluster';

/** "check homelab: 3 failed, 1 warning, 38 passed" (failures first: they matter most). */
export function checkSummary(report: CheckReport): string {
	const count = (v: Verdict) => report.checks.filter((c) => c.verdict === v).length;
	const failed = count('fail');
	const warned = count('warn');
	const parts = [
		...(failed > 0 ? [`${failed} failed`] : []),
		...(warned > 0 ? [`${warned} warning${warned === 1 ? '' : 's'}`] : []),
		`${count('pass')} passed`,
	];
	const outcome = failed > 0 ? 'apply would be refused' : 'nothing stops apply';
	return `check ${report.cluster}: ${parts.join(', ')}; ${outcome}`;
}

/**
 * Plain text for logs and pipes: one line per check (verdict, where, which, why), the fix
 * indented below every warning and failure, the summary last.
 */
export function formatCheckText(report: CheckReport): string {
	const placeWidth = Math.max(...report.checks.map((row) => place(row).length), 7);
	const titleWidth = Math.max(...report.checks.map((row) => CHECK_TITLES[row.check].length));
	const lines = report.checks.flatMap((row) => [
		`${VERDICT_LABEL[row.verdict]}  ${place(row).padEnd(placeWidth)}  ${CHECK_TITLES[row.check].padEnd(titleWidth)}  ${row.reason}`,
		...(row.fix ? [`      fix: ${row.fix}`] : []),
	]);
	return [...lines, checkSummary(report)].join('\n');
}

/**
 * A table for a terminal `width` columns wide: RESULT, HOST, CHECK and DETAIL, the detail
 * wrapped (with the fix under it) so that rows never run past the edge. `color` marks verdicts.
 */
export function formatCheckTable(report: CheckReport, width: number, color: boolean): string {
	const paint: Readonly<Record<Verdict, (text: string) => string>> = color
		? {
				pass: (t) => `\u001b[32m${t}\u001b[39m`,
				warn: (t) => `\u001b[33m${t}\u001b[39m`,
				fail: (t) => `\u001b[31m${t}\u001b[39m`,
			}
		: { pass: (t) => t, warn: (t) => t, fail: (t) => t };
	const placeWidth = Math.max(4, ...report.checks.map((row) => place(row).length));
	const titleWidth = Math.max(5, ...report.checks.map((row) => CHECK_TITLES[row.check].length));
	// "| RESULT | host | check | detail |": 13 characters of frame and padding, 6 of RESULT.
	const detailWidth = Math.max(30, width - placeWidth - titleWidth - 6 - 13);
	const widths = [6, placeWidth, titleWidth, detailWidth];
	const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
	const line = (cells: readonly string[], verdict?: Verdict) =>
		`| ${cells
			.map((cell, i) => {
				const padded = cell.padEnd(widths[i] ?? 0);
				return i === 0 && verdict ? paint[verdict](padded) : padded;
			})
			.join(' | ')} |`;
	const body = report.checks.flatMap((row) => {
		const detail = [
			...wrap(row.reason, detailWidth),
			...(row.fix ? wrap(`fix: ${row.fix}`, detailWidth) : []),
		];
		return detail.map((text, i) =>
			i === 0
				? line([VERDICT_LABEL[row.verdict], place(row), CHECK_TITLES[row.check], text], row.verdict)
				: line(['', '', '', text]),
		);
	});
	return [
		rule,
		line(['RESULT', 'HOST', 'CHECK', 'DETAIL']),
		rule,
		...body,
		rule,
		checkSummary(report),
	].join('\n');
}

/** Words into lines of at most `width` characters; a longer word gets a line of its own, cut. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(/\s+/).filter((w) => w !== '')) {
		if (current === '') current = word;
		else if (current.length + 1 + word.length <= width) current += ` ${word}`;
		else {
			lines.push(current);
			current = word;
		}
		while (current.length > width) {
			lines.push(current.slice(0, width));
			current = current.slice(width);
		}
	}
	return current === '' && lines.length > 0 ? lines : [...lines, current];
}

/** The report as `--json` prints it: one object, the tuning advice in etcd's flag names. */
export function checkReportJson(report: CheckReport) {
	const count = (v: Verdict) => report.checks.filter((c) => c.verdict === v).length;
	const { tuning } = report;
	return {
		cluster: {
			name: report.cluster,
			ok: report.ok,
			passed: count('pass'),
			warnings: count('warn'),
			failed: count('fail'),
		},
		checks: report.checks.map((row) => ({
			check: row.check,
			host: row.host,
			from: row.from ?? null,
			port: row.port ?? null,
			verdict: row.verdict,
			reason: row.reason,
			fix: row.fix,
		})),
		tuning: tuning && {
			rttMs: tuning.rttMs,
			between: tuning.between,
			recommended: {
				'heartbeat-interval': tuning.recommended.heartbeatMs,
				'election-timeout': tuning.recommended.electionTimeoutMs,
			},
			current: {
				'heartbeat-interval': tuning.current.heartbeatMs,
				'election-timeout': tuning.current.electionTimeoutMs,
			},
		},
	};
}
