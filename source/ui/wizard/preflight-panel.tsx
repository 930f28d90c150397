import { checkSummary } from '../../preflight/format.js';
import { findingPlace } from '../../preflight/result.js';
import type { CheckResult } from '../../preflight/types.js';
import { measuredRtt, preflightFindings } from '../../state/wizard/preflight.js';
import type { WizardState } from '../../state/wizard/types.js';
import { type Line, textLine, wrappedLines } from '../shared/fit.js';
import { spinnerFrame } from '../shared/theme.js';
import type { useTint } from '../shared/ui-context.js';

/** Findings listed at most; `etcd-wizard check` lists every one. */
const SHOWN_FINDINGS = 2;

/** A finding's reason, after its place unless the reason names it already. */
function findingText(finding: CheckResult): string {
	const place = findingPlace(finding) ?? 'cluster';
	return finding.reason.includes(place) ? finding.reason : `${place}: ${finding.reason}`;
}

/** What the panel is drawn with besides the state. */
export interface PreflightPanelContext {
	/** The clock of the spinner. */
	readonly now: number;
	readonly width: number;
	readonly tint: ReturnType<typeof useTint>;
}

/**
 * The preflight under the tuning fields, in at most `rows` rows (it always takes its first
 * two): a spinner while it runs; then its summary, the failures and warnings first (the rest
 * counted), and where the recommended timing comes from.
 */
export function preflightLines(
	state: WizardState,
	{ now, width, tint }: PreflightPanelContext,
	rows: number,
): Line[] {
	const { status, report, failure } = state.preflight;
	const gap = textLine('preflight-gap', 0, '');
	if (status === 'running' || status === 'stopping') {
		const hosts = state.answers.hosts.length;
		const text = `${spinnerFrame(now)} Preflight checks on ${hosts} hosts: ports, reachability, round trips, disk, clock…`;
		return [gap, textLine('preflight-running', 0, text)];
	}
	if (status === 'failed' && failure) {
		const message = `! the preflight could not run: ${failure.message}`;
		const [first, ...rest] = wrappedLines('preflight-failed', 1, message, width, {
			color: tint('yellow'),
		});
		const next = `provisioning runs it again first${failure.hint ? `; ${failure.hint}` : ''}`;
		const lines = [gap, ...(first ? [{ ...first, rank: 0 }] : []), ...rest];
		return [...lines.slice(0, Math.max(2, rows - 1)), textLine('preflight-next', 0, next)];
	}
	if (!report) return [];
	const findings = preflightFindings(report);
	const failed = findings.some((f) => f.verdict === 'fail');
	const mark = failed ? '✘' : findings.length > 0 ? '!' : '✔';
	const color = tint(failed ? 'red' : findings.length > 0 ? 'yellow' : 'green');
	const head = [
		gap,
		textLine('preflight-summary', 0, `${mark} ${checkSummary(report)}`, { color }),
	];
	const room = rows - head.length;
	let shown = Math.min(SHOWN_FINDINGS, findings.length);
	while (shown > 0 && shown + (findings.length > shown ? 1 : 0) > room) shown -= 1;
	const more = findings.length - shown;
	const listed = findings.slice(0, shown).map((f) =>
		textLine(
			`${f.check}-${findingPlace(f) ?? ''}-${f.reason}`,
			0,
			`  ${f.verdict === 'fail' ? '✘' : '!'} ${findingText(f)}`,
			{
				color: tint(f.verdict === 'fail' ? 'red' : 'yellow'),
			},
		),
	);
	const counted =
		more > 0 && room > shown
			? [
					textLine(
						'preflight-more',
						0,
						`  … and ${more} more (etcd-wizard check lists every one)`,
						{ dim: true },
					),
				]
			: [];
	const measured = measuredRtt(report);
	const timing = report.tuning?.recommended;
	const advice =
		measured && timing
			? wrappedLines(
					'preflight-advice',
					0,
					`recommended from ${measured}: heartbeat ${timing.heartbeatMs}, election timeout ${timing.electionTimeoutMs}`,
					width,
				)
			: [];
	const fits = room - listed.length - counted.length >= advice.length;
	return [...head, ...(fits ? advice : []), ...listed, ...counted];
}
