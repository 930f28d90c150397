import { Box, Text } from 'ink';
import { bytes } from '../../health/format-table.js';
import type { MemberHealth } from '../../health/types.js';

interface Column {
	readonly title: string;
	readonly cell: (m: MemberHealth) => string;
	readonly right?: boolean;
}

const dash = (value: string | number | null) => (value === null ? '-' : String(value));
const known = (m: MemberHealth, text: string) => (m.raftTerm === null ? '-' : text);

/** Every column of the issue, in etcdctl's order; the narrow terminal drops some (DROP_ORDER). */
const COLUMNS: readonly Column[] = [
	{ title: 'NAME', cell: (m) => m.name },
	{ title: 'ENDPOINT', cell: (m) => m.endpoint.replace(/^https:\/\//, '') },
	{ title: 'ID', cell: (m) => dash(m.id) },
	{ title: 'VERSION', cell: (m) => dash(m.version) },
	{ title: 'DB', cell: (m) => bytes(m.dbSize), right: true },
	{ title: 'IN USE', cell: (m) => bytes(m.dbSizeInUse), right: true },
	{ title: 'LEADER', cell: (m) => known(m, m.isLeader ? 'yes' : 'no') },
	{ title: 'LEARNER', cell: (m) => known(m, m.isLearner ? 'yes' : 'no') },
	{ title: 'TERM', cell: (m) => dash(m.raftTerm), right: true },
	{ title: 'INDEX', cell: (m) => dash(m.raftIndex), right: true },
	{ title: 'APPLIED', cell: (m) => dash(m.raftAppliedIndex), right: true },
	{
		title: 'ERRORS',
		cell: (m) => [...m.errors, ...m.alarms.map((a) => `alarm:${a}`)].join(',').slice(0, 20),
	},
	{ title: 'HEALTH', cell: (m) => (m.healthy ? 'healthy' : 'UNHEALTHY') },
	{
		title: 'LATENCY',
		cell: (m) => (m.latencyMs === null ? '-' : `${Math.round(m.latencyMs)}ms`),
		right: true,
	},
];

/** Given up in this order while the table is wider than the terminal (details show them). */
const DROP_ORDER = ['ID', 'APPLIED', 'LEARNER', 'IN USE', 'ERRORS', 'VERSION', 'ENDPOINT', 'DB'];

/** The lines of the member table (header first) that fit `width`, the marker column included. */
export function memberTableLines(members: readonly MemberHealth[], width: number): string[] {
	let columns = [...COLUMNS];
	const render = () => {
		const cells = members.map((m) => columns.map((c) => c.cell(m)));
		const widths = columns.map((c, i) =>
			Math.max(c.title.length, ...cells.map((row) => (row[i] ?? '').length)),
		);
		const line = (row: readonly string[]) =>
			row
				.map((text, i) =>
					columns[i]?.right ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0),
				)
				.join(' ')
				.trimEnd();
		return [line(columns.map((c) => c.title)), ...cells.map(line)];
	};
	let lines = render();
	for (const title of DROP_ORDER) {
		if (Math.max(...lines.map((l) => l.length)) + 2 <= width) break;
		columns = columns.filter((c) => c.title !== title);
		lines = render();
	}
	return lines;
}

export interface HealthTableProps {
	readonly members: readonly MemberHealth[];
	readonly selected: number;
	readonly width: number;
	readonly color: boolean;
}

/** The member table; the selected row is marked with ">" (and inverse when colour is on). */
export function HealthTable({ members, selected, width, color }: HealthTableProps) {
	const [header = '', ...rows] = memberTableLines(members, width);
	return (
		<Box flexDirection="column">
			<Text bold>{`  ${header}`}</Text>
			{rows.map((row, i) => {
				const member = members[i];
				const tint = color ? (member?.healthy ? 'green' : 'red') : undefined;
				return (
					<Text key={member?.name ?? i} inverse={color && i === selected} color={tint}>
						{`${i === selected ? '>' : ' '} ${row}`}
					</Text>
				);
			})}
		</Box>
	);
}
