import { Box, Text } from 'ink';
import { type CheckResult, checkSummary, findingPlace } from '../check/index.js';
import { measuredRtt, preflightFindings } from '../wizard/preflight.js';
import type { WizardState } from '../wizard/types.js';
import { spinnerFrame } from './theme.js';
import { useTint } from './ui-context.js';

/** Findings listed at most; the tuning step must still fit 80x24. */
const SHOWN_FINDINGS = 2;

/** A finding's reason, after its place unless the reason names it already. */
function findingText(finding: CheckResult): string {
	const place = findingPlace(finding) ?? 'cluster';
	return finding.reason.includes(place) ? finding.reason : `${place}: ${finding.reason}`;
}

export interface PreflightPanelProps {
	readonly state: WizardState;
	/** The clock of the spinner. */
	readonly now: number;
}

/**
 * The preflight under the tuning fields: a spinner while it runs; then its summary, where the
 * recommended timing comes from, and the failures and warnings first (the rest counted).
 */
export function PreflightPanel({ state, now }: PreflightPanelProps) {
	const tint = useTint();
	const { status, report, failure } = state.preflight;
	if (status === 'running' || status === 'stopping') {
		const hosts = state.answers.hosts.length;
		return (
			<Box marginTop={1}>
				<Text wrap="truncate-end">
					{`${spinnerFrame(now)} Preflight checks on ${hosts} hosts: ports, reachability, round trips, disk, clock…`}
				</Text>
			</Box>
		);
	}
	if (status === 'failed' && failure) {
		return (
			<Box marginTop={1} flexDirection="column">
				<Text color={tint('yellow')} wrap="wrap">
					! the preflight could not run: {failure.message}
				</Text>
				<Text wrap="truncate-end">
					provisioning runs it again first{failure.hint ? `; ${failure.hint}` : ''}
				</Text>
			</Box>
		);
	}
	if (!report) return null;
	const findings = preflightFindings(report);
	const failed = findings.some((f) => f.verdict === 'fail');
	const measured = measuredRtt(report);
	const timing = report.tuning?.recommended;
	const more = findings.length - SHOWN_FINDINGS;
	return (
		<Box marginTop={1} flexDirection="column">
			<Text
				color={tint(failed ? 'red' : findings.length > 0 ? 'yellow' : 'green')}
				wrap="truncate-end"
			>
				{failed ? '✘' : findings.length > 0 ? '!' : '✔'} {checkSummary(report)}
			</Text>
			{measured && timing ? (
				<Text wrap="wrap">
					{`recommended from ${measured}: heartbeat ${timing.heartbeatMs}, election timeout ${timing.electionTimeoutMs}`}
				</Text>
			) : null}
			<Box paddingLeft={2} flexDirection="column">
				{findings.slice(0, SHOWN_FINDINGS).map((f) => (
					<Text
						key={`${f.check}-${findingPlace(f) ?? ''}-${f.reason}`}
						color={tint(f.verdict === 'fail' ? 'red' : 'yellow')}
						wrap="truncate-end"
					>
						{`${f.verdict === 'fail' ? '✘' : '!'} ${findingText(f)}`}
					</Text>
				))}
				{more > 0 ? (
					<Text dimColor>{`… and ${more} more (etcd-wizard check lists every one)`}</Text>
				) : null}
			</Box>
		</Box>
	);
}
