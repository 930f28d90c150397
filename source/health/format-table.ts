import type { ClusterHealth, MemberHealth } from './types.js';

interface Column {
	readonly title: string;
	readonly cell: (m: MemberHealth) => string;
	readonly align: 'left' | 'right';
}

const dash = (value: string | number | null) => (value === null ? '-' : String(value));

/** etcdctl's `endpoint status` columns, with a name in front and health and latency behind. */
const COLUMNS: readonly Column[] = [
	{ title: 'NAME', cell: (m) => m.name, align: 'left' },
	{ title: 'ENDPOINT', cell: (m) => m.endpoint, align: 'left' },
	{ title: 'ID', cell: (m) => dash(m.id), align: 'left' },
	{ title: 'VERSION', cell: (m) => dash(m.version), align: 'left' },
	{ title: 'DB SIZE', cell: (m) => bytes(m.dbSize), align: 'right' },
	{ title: 'IN USE', cell: (m) => bytes(m.dbSizeInUse), align: 'right' },
	// Without a status answer leadership is unknown, not false.
	{
		title: 'IS LEADER',
		cell: (m) => (m.raftTerm === null ? '-' : String(m.isLeader)),
		align: 'left',
	},
	{ title: 'IS LEARNER', cell: (m) => (m.id === null ? '-' : String(m.isLearner)), align: 'left' },
	{ title: 'RAFT TERM', cell: (m) => dash(m.raftTerm), align: 'right' },
	{ title: 'RAFT INDEX', cell: (m) => dash(m.raftIndex), align: 'right' },
	{ title: 'RAFT APPLIED INDEX', cell: (m) => dash(m.raftAppliedIndex), align: 'right' },
	{ title: 'ERRORS', cell: errorsCell, align: 'left' },
	{ title: 'HEALTH', cell: (m) => (m.healthy ? 'healthy' : 'UNHEALTHY'), align: 'left' },
	{
		title: 'LATENCY',
		cell: (m) => (m.latencyMs === null ? '-' : `${m.latencyMs} ms`),
		align: 'right',
	},
];

/** Columns given up, in this order, while the table is wider than the terminal. */
const DROP_ORDER = [
	'RAFT APPLIED INDEX',
	'IN USE',
	'IS LEARNER',
	'ID',
	'RAFT INDEX',
	'ENDPOINT',
	'VERSION',
	'DB SIZE',
	'ERRORS',
];

const ERRORS_CELL_MAX = 32;

/**
 * The health of a cluster as plain text: a cluster line (state, quorum, leader, cluster ID), a
 * table like `etcdctl endpoint status -w table` plus HEALTH and LATENCY, and below it the reason
 * of every member that is not healthy. Given a `width`, columns of least use are left out until
 * the table fits; the reasons are never cut.
 */
export function formatHealthTable(health: ClusterHealth, width?: number): string {
	const columns = [...COLUMNS];
	const rows = () => [
		columns.map((c) => c.title),
		...health.members.map((m) => columns.map((c) => c.cell(m))),
	];
	let table = rows();
	for (const title of DROP_ORDER) {
		if (width === undefined || tableWidth(table) <= width) break;
		columns.splice(
			columns.findIndex((c) => c.title === title),
			1,
		);
		table = rows();
	}
	// Every reason names its member already.
	const reasons = health.members.flatMap((m) => (m.error === null ? [] : [m.error]));
	return [clusterLine(health), ...drawTable(columns, table), ...reasons].join('\n');
}

/** "cluster homelab: healthy, quorum 3/3, leader etcd2, cluster id 8a29…" */
export function clusterLine(health: ClusterHealth): string {
	const { cluster, members } = health;
	const voters = cluster.members - members.filter((m) => m.isLearner).length;
	const healthyVoters = members.filter((m) => m.healthy && !m.isLearner).length;
	const quorum = `${healthyVoters}/${voters}`;
	const state = cluster.healthy
		? `healthy, quorum ${quorum}`
		: cluster.quorum
			? `degraded, quorum ${quorum}`
			: `NO QUORUM (${quorum} healthy)`;
	const leader = cluster.leader === null ? 'no leader' : `leader ${cluster.leader}`;
	const id = cluster.clusterId === null ? 'cluster id unknown' : `cluster id ${cluster.clusterId}`;
	return `cluster ${cluster.name}: ${state}, ${leader}, ${id}`;
}

/** Bytes the way etcdctl's table prints them (powers of 1000): "20 kB", "1.5 MB". */
export function bytes(value: number | null): string {
	if (value === null) return '-';
	if (value < 10) return `${value} B`;
	const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
	const exponent = Math.min(Math.floor(Math.log10(value) / 3), units.length - 1);
	const scaled = value / 1000 ** exponent;
	return `${scaled < 10 ? scaled.toFixed(1) : Math.round(scaled)} ${units[exponent]}`;
}

function errorsCell(m: MemberHealth): string {
	const text = [...m.errors, ...m.alarms.map((a) => `alarm:${a}`)].join(', ');
	return text.length > ERRORS_CELL_MAX ? `${text.slice(0, ERRORS_CELL_MAX - 1)}…` : text;
}

function tableWidth(table: readonly string[][]): number {
	return widths(table).reduce((sum, w) => sum + w + 3, 1);
}

function widths(table: readonly string[][]): number[] {
	const header = table[0] ?? [];
	return header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
}

/** etcdctl's (tablewriter's) look: +---+ rules, centred titles. */
function drawTable(columns: readonly Column[], table: readonly string[][]): string[] {
	const w = widths(table);
	const rule = `+${w.map((n) => '-'.repeat(n + 2)).join('+')}+`;
	const line = (cells: readonly string[], pad: (text: string, i: number) => string) =>
		`| ${cells.map(pad).join(' | ')} |`;
	const [titles = [], ...body] = table;
	const centred = (text: string, i: number) => {
		const room = (w[i] ?? 0) - text.length;
		return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(Math.ceil(room / 2));
	};
	const aligned = (text: string, i: number) =>
		columns[i]?.align === 'right' ? text.padStart(w[i] ?? 0) : text.padEnd(w[i] ?? 0);
	return [rule, line(titles, centred), rule, ...body.map((row) => line(row, aligned)), rule];
}
