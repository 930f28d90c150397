import { Text } from 'ink';
import type { ReactNode } from 'react';
import { useUi } from './ui-context.js';
import { wrapLines } from './wrap.js';

/**
 * Rows a frame may take in a terminal `height` rows tall: one fewer, since Ink clears the whole
 * screen on every update of a frame as tall as the terminal.
 */
export function frameRows(height: number): number {
	return Math.max(1, height - 1);
}

/** Rows StepFrame takes around a body: the header and its margin, the hints and theirs. */
export const FRAME_CHROME = 4;

/** Rows a step's body may take in the terminal, below the header and the blocker line(s). */
export function useBodyRows(blocker?: string): number {
	const { width, height } = useUi();
	const blockerRows = blocker ? wrapLines(`✘ ${blocker}`, width).length : 0;
	return frameRows(height) - FRAME_CHROME - blockerRows;
}

/**
 * One row of a view that must fit a height. The lowest ranks show first; rows of one rank
 * show in their order while they fit, and what shows keeps the order given.
 */
export interface Line {
	readonly key: string;
	readonly rank: number;
	readonly node: ReactNode;
}

/** How a text line looks. */
export interface LineStyle {
	readonly color?: string | undefined;
	readonly bold?: boolean;
	readonly dim?: boolean;
}

/** A row of plain text, cut at the edge (an empty one keeps its row). */
export function textLine(key: string, rank: number, text: string, style: LineStyle = {}): Line {
	return {
		key,
		rank,
		node: (
			<Text
				key={key}
				wrap="truncate-end"
				{...(style.color ? { color: style.color } : {})}
				bold={style.bold ?? false}
				dimColor={style.dim ?? false}
			>
				{text === '' ? ' ' : text}
			</Text>
		),
	};
}

/** `text` wrapped at `columns` as Ink would, a Line per row, each `indent` spaces in. */
export function wrappedLines(
	key: string,
	rank: number,
	text: string,
	columns: number,
	style: LineStyle = {},
	indent = 0,
): Line[] {
	const pad = ' '.repeat(indent);
	return wrapLines(text, columns - indent).map((row, index) =>
		textLine(`${key}-${index}`, rank, pad + row, style),
	);
}

/** The lines that fit in `rows`: lowest ranks first, in the order given. */
export function fitLines(lines: readonly Line[], rows: number): Line[] {
	const order = lines.map((line, index) => ({ line, index }));
	order.sort((a, b) => a.line.rank - b.line.rank || a.index - b.index);
	const kept = new Set(order.slice(0, Math.max(0, rows)).map((entry) => entry.index));
	return lines.filter((_, index) => kept.has(index));
}

/** Renders lines as rows. */
export function Lines({ lines }: { readonly lines: readonly Line[] }) {
	return <>{lines.map((line) => line.node)}</>;
}

/**
 * Whole blocks, in order: all when they fit in `rows`, else those that fit with a last row
 * saying how many were left out (`more`).
 */
export function fitBlocks(
	blocks: readonly (readonly Line[])[],
	rows: number,
	more: (count: number) => Line,
): Line[] {
	const all = blocks.flat();
	if (all.length <= rows) return all;
	const shown: Line[] = [];
	for (const [index, block] of blocks.entries()) {
		if (shown.length + block.length + 1 > rows) {
			return rows > shown.length ? [...shown, more(blocks.length - index)] : shown;
		}
		shown.push(...block);
	}
	return shown;
}
