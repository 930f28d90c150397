import { Box, Text, useStdout } from 'ink';
import { printableLine, printableLines } from '../../events/printable.js';
import type { LogLine, NodeProgress, ProgressState } from '../../events/progress-state.js';
import { fitLines, type Line, Lines, textLine, wrappedLines } from './fit.js';
import { colorEnabled, logColor, statusColor, statusSymbol } from './theme.js';
import { wrapLines } from './wrap.js';

/** Props of the progress pane. */
export type ProgressPaneProps = {
	readonly state: ProgressState;
	/** The clock (ms) the spinner and elapsed times are drawn for; the owner ticks it. */
	readonly now: number;
	/** Columns to fit; the terminal's width (or 80) when not given. */
	readonly width?: number;
	/** False draws without colour; see `colorEnabled` in theme.ts for the default. */
	readonly color?: boolean;
	/**
	 * Rows to fit in; everything when not given. The phase and the node rows always show, then
	 * what failed, then the last log lines that fit.
	 */
	readonly rows?: number;
};

const NAME_MAX = 20;
const ELAPSED_WIDTH = 7;

/** `42s`, `3m05s`: whole seconds, so the pane redraws at most once a second per node. */
export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function elapsed(node: NodeProgress, now: number): string {
	if (node.startedAt === undefined) return '';
	const end = node.status === 'running' ? now : (node.finishedAt ?? now);
	return formatElapsed(end - node.startedAt);
}

function rowText(node: NodeProgress): string {
	const title = printableLine(node.stepTitle ?? node.step ?? '');
	switch (node.status) {
		case 'waiting':
			return 'waiting';
		case 'running':
			return title;
		case 'done':
			return `done · ${node.stepsDone} ${node.stepsDone === 1 ? 'step' : 'steps'}, ${node.changed} changed`;
		case 'failed':
			return `failed: ${title}`;
	}
}

type RowProps = {
	readonly node: NodeProgress;
	readonly now: number;
	readonly nameWidth: number;
	readonly color: boolean;
};

function NodeRow({ node, now, nameWidth, color }: RowProps) {
	const tint = statusColor(node.status, color);
	return (
		<Box>
			<Box width={nameWidth} marginRight={2} flexShrink={0}>
				<Text wrap="truncate-end">{printableLine(node.name)}</Text>
			</Box>
			<Box width={2} flexShrink={0}>
				<Text color={tint}>{statusSymbol(node.status, now)}</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1}>
				<Text color={node.status === 'running' ? undefined : tint} wrap="truncate-end">
					{rowText(node)}
				</Text>
			</Box>
			<Box width={ELAPSED_WIDTH} flexShrink={0} justifyContent="flex-end">
				<Text>{elapsed(node, now)}</Text>
			</Box>
		</Box>
	);
}

/**
 * A failed node's rows: host and step, the error, the next step, then its stderr tail (the
 * latest lines first when not all fit). Rank 0 must show; higher ranks give way first.
 */
function failureDetailLines(node: NodeProgress, columns: number, color: boolean): Line[] {
	const { failure } = node;
	if (!failure) return [];
	const step = failure.title
		? `${printableLine(failure.title)} (${printableLine(failure.step)})`
		: printableLine(failure.step);
	const key = `failure-${node.name}`;
	const tail = failure.stderrTail.flatMap(printableLines).filter((line) => line.trim() !== '');
	const [first = '', ...more] = printableLines(failure.error).flatMap((line) =>
		wrapLines(line, columns - 2),
	);
	const style = { color: statusColor('failed', color), bold: true };
	return [
		textLine(`${key}-gap`, 0, ''),
		...wrappedLines(`${key}-title`, 0, `✘ ${printableLine(node.name)} · ${step}`, columns, style),
		textLine(`${key}-error`, 0, `  ${first}`),
		...more.map((line, index) => textLine(`${key}-error-${index}`, 2, `  ${line}`)),
		// The last lines of stderr say most: they are kept first.
		...tail.map((line, index) =>
			textLine(`${key}-tail-${index}`, 3 + (tail.length - index) / 1000, `  │ ${line}`, {
				dim: true,
			}),
		),
		...(failure.hint
			? wrappedLines(`${key}-hint`, 1, `next: ${printableLine(failure.hint)}`, columns, {}, 2)
			: []),
	];
}

function logLines(logs: readonly LogLine[], color: boolean): Line[] {
	return logs.map((log, index) => ({
		key: `log-${index}`,
		rank: 0,
		node: (
			// biome-ignore lint/suspicious/noArrayIndexKey: the last N lines shift as one window
			<Text key={index} wrap="truncate-end">
				<Text color={logColor(log.level, color)}>{log.level}</Text>{' '}
				{log.node === undefined ? '' : `${printableLine(log.node)}: `}
				{printableLine(log.message)}
			</Text>
		),
	}));
}

/**
 * The pane's rows below the node rows in `rows` (all when not given): what failed first (every
 * failed node's host, step and error, then next steps, then stderr tails), then the last log
 * lines that fit.
 */
export function paneDetailLines(
	state: ProgressState,
	columns: number,
	color: boolean,
	rows = Number.POSITIVE_INFINITY,
): Line[] {
	const failed = state.nodes.filter((node) => node.status === 'failed');
	const details = fitLines(
		failed.flatMap((node) => failureDetailLines(node, columns, color)),
		rows,
	);
	const room = rows - details.length - 1;
	const logs = room > 0 ? state.logs.slice(-room) : [];
	const gap = logs.length > 0 ? [textLine('log-gap', 0, '')] : [];
	return [...details, ...gap, ...logLines(logs, color)];
}

/** Rows the pane takes for `state` when nothing is left out. */
export function paneRows(state: ProgressState, columns: number): number {
	return (state.phase ? 1 : 0) + state.nodes.length + paneDetailLines(state, columns, false).length;
}

/**
 * The live view of a run: the phase title, a row per node (name, spinner or mark, step title,
 * elapsed time), then what failed with its stderr tail and next step, then the last log lines.
 * Renders only; the owner folds events with `progressReducer` and ticks `now`.
 */
export function ProgressPane({ state, now, width, color, rows }: ProgressPaneProps) {
	const { stdout } = useStdout();
	const columns = width ?? (stdout.columns || 80);
	const useColor = color ?? colorEnabled();
	const nameWidth = Math.min(
		NAME_MAX,
		Math.max(4, ...state.nodes.map((node) => printableLine(node.name).length)),
	);
	// The phase and a row per node always show; what follows fits in the rows left.
	const base = (state.phase ? 1 : 0) + state.nodes.length;
	return (
		<Box flexDirection="column" width={columns}>
			{state.phase ? (
				<Text bold wrap="truncate-end">
					== {printableLine(state.phase)}
				</Text>
			) : null}
			{state.nodes.map((node) => (
				<NodeRow key={node.name} node={node} now={now} nameWidth={nameWidth} color={useColor} />
			))}
			<Lines
				lines={paneDetailLines(state, columns, useColor, rows === undefined ? rows : rows - base)}
			/>
		</Box>
	);
}
