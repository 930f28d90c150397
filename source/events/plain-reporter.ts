import type { EmitStamped } from './emitters.js';
import { printableLine, printableLines } from './printable.js';
import type { StampedEvent } from './progress-state.js';

/** Options of the plain reporter. */
export type PlainReporterOptions = {
	/** The nodes of the run, so node names line up from the first line on. */
	readonly nodes?: readonly string[];
};

const DETAIL_INDENT = '    ';

/** Lines after the first of a multi-line text, indented under the line they belong to. */
function continuation(lines: readonly string[]): string[] {
	return lines
		.slice(1)
		.filter((line) => line.trim() !== '')
		.map((line) => DETAIL_INDENT + line);
}

/**
 * Renders events as plain lines for logs and CI (no TTY): one line per event, node names padded
 * so columns align, no colour and no time, so the output is stable and greppable. A failure is
 * followed by its stderr tail (indented) and `  next: <hint>`.
 */
export function createPlainReporter(
	write: (line: string) => void,
	options: PlainReporterOptions = {},
): EmitStamped {
	let nameWidth = Math.max(0, ...(options.nodes ?? []).map((name) => printableLine(name).length));
	const prefix = (node: string, step: string): string => {
		const name = printableLine(node);
		nameWidth = Math.max(nameWidth, name.length);
		return `${name.padEnd(nameWidth)}  ${printableLine(step)}  `;
	};

	const render = (event: StampedEvent): string[] => {
		switch (event.type) {
			case 'phase':
				return [`== ${printableLine(event.title)}`];
			case 'node-step-started':
				return [`${prefix(event.node, event.step)}started  ${printableLine(event.title)}`];
			case 'node-step-done': {
				const outcome = event.changed ? 'done (changed)' : 'done (unchanged)';
				const detail = event.detail ? `  ${printableLine(event.detail)}` : '';
				return [`${prefix(event.node, event.step)}${outcome}${detail}`];
			}
			case 'node-step-failed': {
				const error = printableLines(event.error);
				const tail = (event.stderrTail ?? [])
					.flatMap(printableLines)
					.filter((line) => line.trim() !== '');
				return [
					`${prefix(event.node, event.step)}FAILED: ${error[0] ?? ''}`,
					...continuation(error),
					...tail.map((line) => DETAIL_INDENT + line),
					...(event.hint ? [`  next: ${printableLine(event.hint)}`] : []),
				];
			}
			case 'log': {
				const message = printableLines(event.message);
				const about = event.node === undefined ? '' : `${printableLine(event.node)}: `;
				return [`${event.level} ${about}${message[0] ?? ''}`, ...continuation(message)];
			}
			default:
				return [];
		}
	};

	return (event) => {
		for (const line of render(event)) write(line);
	};
}
