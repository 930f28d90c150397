import { Box, Text, useStdout } from 'ink';
import { printableLine, printableLines } from '../report/printable.js';
import type { LogLine, NodeProgress, ProgressState } from '../run/progress-state.js';
import { colorEnabled, logColor, statusColor, statusSymbol } from './theme.js';

/** Props of the progress pane. */
export type ProgressPaneProps = {
	readonly state: ProgressState;
	/** The clock (ms) the spinner and elapsed times are drawn for; the owner ticks it. */
	readonly now: number;
	/** Columns to fit; the terminal's width (or 80) when not given. */
	readonly width?: number;
	/** False draws without colour; see `colorEnabled` in theme.ts for the default. */
	readonly color?: boolean;
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

function FailureDetail({ node, color }: { readonly node: NodeProgress; readonly color: boolean }) {
	const { failure } = node;
	if (!failure) return null;
	const step = failure.title
		? `${printableLine(failure.title)} (${printableLine(failure.step)})`
		: printableLine(failure.step);
	const tail = failure.stderrTail.flatMap(printableLines).filter((line) => line.trim() !== '');
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text color={statusColor('failed', color)} bold wrap="wrap">
				✘ {printableLine(node.name)} · {step}
			</Text>
			<Box paddingLeft={2} flexDirection="column">
				{printableLines(failure.error).map((line, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
					<Text key={index} wrap="wrap">
						{line}
					</Text>
				))}
				{tail.map((line, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
					<Text key={index} dimColor wrap="truncate-end">
						│ {line}
					</Text>
				))}
				{failure.hint ? <Text wrap="wrap">next: {printableLine(failure.hint)}</Text> : null}
			</Box>
		</Box>
	);
}

function LogLines({ logs, color }: { readonly logs: readonly LogLine[]; readonly color: boolean }) {
	if (logs.length === 0) return null;
	return (
		<Box flexDirection="column" marginTop={1}>
			{logs.map((log, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: the last N lines shift as one window
				<Text key={index} wrap="truncate-end">
					<Text color={logColor(log.level, color)}>{log.level}</Text>{' '}
					{log.node === undefined ? '' : `${printableLine(log.node)}: `}
					{printableLine(log.message)}
				</Text>
			))}
		</Box>
	);
}

/**
 * The live view of a run: the phase title, a row per node (name, spinner or mark, step title,
 * elapsed time), then what failed with its stderr tail and next step, then the last log lines.
 * Renders only; the owner folds events with `progressReducer` and ticks `now`.
 */
export function ProgressPane({ state, now, width, color }: ProgressPaneProps) {
	const { stdout } = useStdout();
	const columns = width ?? (stdout.columns || 80);
	const useColor = color ?? colorEnabled();
	const nameWidth = Math.min(
		NAME_MAX,
		Math.max(4, ...state.nodes.map((node) => printableLine(node.name).length)),
	);
	const failed = state.nodes.filter((node) => node.status === 'failed');
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
			{failed.map((node) => (
				<FailureDetail key={node.name} node={node} color={useColor} />
			))}
			<LogLines logs={state.logs} color={useColor} />
		</Box>
	);
}
