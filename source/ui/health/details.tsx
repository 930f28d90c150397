import { Box, Text } from 'ink';
import { EXPIRY_WARNING_DAYS } from '../../health/diagnosis/member-findings.js';
import type { MemberDetails } from '../../health/diagnosis/types.js';
import { bytes } from '../../health/format-table.js';
import type { MemberHealth } from '../../health/types.js';

/** The lines of a member's details, most telling first; the journal fills what room is left. */
export function memberDetailLines(
	row: MemberHealth,
	details: MemberDetails | undefined,
	now: number,
): { lines: string[]; journal: string[] } {
	const lines = [
		`${row.name}  id ${row.id ?? '-'}  ${row.healthy ? 'healthy' : 'UNHEALTHY'}  learner ${row.isLearner ? 'yes' : 'no'}  applied ${row.raftAppliedIndex ?? '-'}  in use ${bytes(row.dbSizeInUse)}`,
	];
	if (row.error) lines.push(`error: ${row.error}`);
	if (!details) return { lines: [...lines, 'no details (no SSH connection)'], journal: [] };
	if (details.error) lines.push(`details: ${details.error}`);
	const unit = details.unit;
	lines.push(
		unit
			? `unit: ${unit.activeState}/${unit.subState}, result ${unit.result}, ${unit.restarts} restarts`
			: 'unit: unknown',
	);
	const free = details.dataFreeKiB === null ? '-' : bytes(details.dataFreeKiB * 1024);
	const clock =
		details.clockOffsetMs === null
			? 'unknown'
			: `${details.clockOffsetMs >= 0 ? '+' : ''}${details.clockOffsetMs} ms (±${details.clockUncertaintyMs} ms)`;
	lines.push(`free under ${details.dataDir}: ${free}   clock vs here: ${clock}`);
	const certs = details.certificates.map((c) => {
		const days = Math.floor((Date.parse(c.notAfter) - now) / 86_400_000);
		const mark = days < 0 ? ' EXPIRED' : days < EXPIRY_WARNING_DAYS ? ' WARN' : '';
		return `${c.file.split('/').pop()} ${days}d${mark}`;
	});
	lines.push(`certs: ${certs.join(', ') || 'none found'}`);
	const list = details.memberList;
	lines.push(
		`members it sees: ${list ? list.map((m) => `${m.name || m.id}${m.isLearner ? '(learner)' : ''}${m.id === details.leaderId ? '*' : ''}`).join(' ') : 'unknown'}`,
	);
	return {
		lines,
		journal: details.journal.map((l) => `${new Date(l.at).toISOString().slice(11, 19)} ${l.text}`),
	};
}

export interface MemberDetailsPanelProps {
	readonly row: MemberHealth;
	readonly details: MemberDetails | undefined;
	readonly now: number;
	readonly width: number;
	/** Lines the panel may take. */
	readonly height: number;
}

/** One member's details and its last journal lines, each cut to the width. */
export function MemberDetailsPanel({ row, details, now, width, height }: MemberDetailsPanelProps) {
	const { lines, journal } = memberDetailLines(row, details, now);
	const room = Math.max(0, height - lines.length - 1);
	const cut = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
	return (
		<Box flexDirection="column">
			{keyedLines(lines).map(({ key, text }) => (
				<Text key={key}>{cut(text)}</Text>
			))}
			<Text bold>{`journal (last ${Math.min(room, journal.length)} lines):`}</Text>
			{keyedLines(journal.slice(Math.max(0, journal.length - room))).map(({ key, text }) => (
				<Text key={key}>{cut(text)}</Text>
			))}
		</Box>
	);
}

/** Lines with React keys that stay unique when a line repeats (journal lines often do). */
export function keyedLines(lines: readonly string[]): { key: string; text: string }[] {
	const seen = new Map<string, number>();
	return lines.map((text) => {
		const count = (seen.get(text) ?? 0) + 1;
		seen.set(text, count);
		return { key: `${count}:${text}`, text };
	});
}
