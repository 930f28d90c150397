import { Box, Text } from 'ink';
import type { Finding } from '../../health/diagnosis/types.js';
import { clusterLine } from '../../health/format-table.js';
import type { HealthViewState } from '../../state/health/reducer.js';
import { keyedLines, MemberDetailsPanel } from './details.js';
import { HealthTable } from './table.js';

export interface HealthViewProps {
	readonly state: HealthViewState;
	readonly width: number;
	readonly height: number;
	readonly color: boolean;
	readonly watch: boolean;
}

/**
 * The health screen: the cluster line (quorum, leader, ID, revision, alarms), the member table,
 * then the diagnosis or, when a member is open, its details; the keys on the last line.
 */
export function HealthView({ state, width, height, color, watch }: HealthViewProps) {
	const { snapshot } = state;
	const keys = state.open
		? 'esc close · r refresh · q quit'
		: `↑↓ select · enter details · r refresh${watch ? ' (auto every few s)' : ''} · q quit`;
	const status = `pass ${state.passes}${state.refreshing ? ', refreshing…' : ''}`;
	if (!snapshot) {
		return (
			<Box flexDirection="column">
				<Text>{state.failure ?? 'checking the members…'}</Text>
				<Text dimColor>{keys}</Text>
			</Box>
		);
	}
	const { health, findings } = snapshot;
	const members = health.members;
	const alarms = [...new Set(members.flatMap((m) => m.alarms))];
	const revision = Math.max(...members.map((m) => m.raftAppliedIndex ?? 0));
	const summary = `${clusterLine(health)}, applied index ${revision || '-'}, alarms ${alarms.join(',') || 'none'}`;
	const cut = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
	// Rows left below the cluster lines (2), status, header and the key line, one spare: a frame
	// as tall as the terminal makes Ink clear the screen on every update.
	const room = Math.max(3, height - members.length - 6);
	const row = members[state.selected];
	const stateColor = color ? (health.cluster.healthy ? 'green' : 'red') : undefined;
	return (
		<Box flexDirection="column" width={width}>
			<Text color={stateColor} wrap="wrap">
				{summary}
			</Text>
			<Text dimColor>
				{cut(`${status}; ${new Date(snapshot.at).toISOString().slice(11, 19)} UTC`)}
			</Text>
			<HealthTable members={members} selected={state.selected} width={width} color={color} />
			{state.open && row ? (
				<MemberDetailsPanel
					row={row}
					details={snapshot.details.find((d) => d.name === row.name)}
					now={snapshot.at}
					width={width}
					height={room}
				/>
			) : (
				<Box flexDirection="column">
					{keyedLines(diagnosisLines(findings, room)).map(({ key, text }) => (
						<Text key={key} color={color && text.startsWith('ERROR') ? 'red' : undefined}>
							{cut(text)}
						</Text>
					))}
				</Box>
			)}
			{state.failure ? <Text color={color ? 'red' : undefined}>{cut(state.failure)}</Text> : null}
			<Text dimColor>{cut(keys)}</Text>
		</Box>
	);
}

/** The diagnosis in at most `room` lines: summaries first, then each one's next step if room. */
export function diagnosisLines(findings: readonly Finding[], room: number): string[] {
	if (findings.length === 0) return ['diagnosis: nothing wrong found'];
	const lines = findings.flatMap((f) => [
		`${f.severity === 'error' ? 'ERROR' : 'WARN'} ${f.summary}`,
		`  next: ${f.next}`,
	]);
	if (lines.length <= room) return lines;
	const summaries = findings.map(
		(f) => `${f.severity === 'error' ? 'ERROR' : 'WARN'} ${f.summary}`,
	);
	return summaries.slice(0, room);
}
