import type { CheckReport, CheckResult } from '../../preflight/types.js';
import { countOf } from '../shared/words.js';
import type { Answers, WizardState } from './types.js';

/** 0.052 -> "0.05", 7.25 -> "7.3", 140 -> "140": the RTT as the check report prints it. */
function rttText(ms: number): string {
	return ms.toFixed(ms < 1 ? 2 : ms < 10 ? 1 : 0);
}

/**
 * The round trip the recommended timing comes from, e.g. "measured RTT 0.12 ms" (the largest
 * between two members); undefined when none was measured.
 */
export function measuredRtt(report: CheckReport | undefined): string | undefined {
	const rtt = report?.tuning?.rttMs;
	return rtt === null || rtt === undefined ? undefined : `measured RTT ${rttText(rtt)} ms`;
}

/** The failed checks, then the warnings: what the operator should see first. */
export function preflightFindings(report: CheckReport): CheckResult[] {
	const of = (verdict: CheckResult['verdict']) =>
		report.checks.filter((c) => c.verdict === verdict);
	return [...of('fail'), ...of('warn')];
}

type Timed = 'heartbeat' | 'electionTimeout';

/** What the wizard itself would put in a timing field: its default, or an earlier advice. */
function untouched(state: WizardState, field: Timed): boolean {
	const value = state.answers[field].trim();
	const earlier = state.preflight.report?.tuning?.recommended;
	const advised = field === 'heartbeat' ? earlier?.heartbeatMs : earlier?.electionTimeoutMs;
	return value === '' || value === state.defaults[field] || value === String(advised);
}

/**
 * The answers with heartbeat and election timeout set to the report's recommendation, where
 * the operator has not typed a value of their own; unchanged when no round trip was measured.
 */
export function tunedAnswers(state: WizardState, report: CheckReport): Answers {
	const tuning = report.tuning;
	if (!tuning || tuning.rttMs === null) return state.answers;
	const { heartbeatMs, electionTimeoutMs } = tuning.recommended;
	return {
		...state.answers,
		...(untouched(state, 'heartbeat') ? { heartbeat: String(heartbeatMs) } : {}),
		...(untouched(state, 'electionTimeout') ? { electionTimeout: String(electionTimeoutMs) } : {}),
	};
}

/** Why the review cannot go on while the checks run or after one failed; else undefined. */
export function preflightBlocker(state: WizardState): string | undefined {
	const { status, report } = state.preflight;
	if (status === 'running') return 'the preflight checks are still running';
	if (!report || report.ok) return undefined;
	const failed = report.checks.filter((c) => c.verdict === 'fail').length;
	return `the preflight found ${countOf(failed, 'failed check')} that would stop provisioning: Esc back to Tuning to see them, fix them there or on the hosts, and the checks run again`;
}
