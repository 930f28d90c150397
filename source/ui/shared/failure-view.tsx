import type { Failure } from '../../state/shared/types.js';
import { fitBlocks, type Line, Lines, textLine, wrappedLines } from './fit.js';
import { useTint, useUi } from './ui-context.js';

/**
 * A failure as rows: what happened and what to do next always, then as many of the details
 * (problems, stderr tail) as fit in `rows`, the rest counted.
 */
export function failureLines(
	failure: Failure,
	width: number,
	tint: ReturnType<typeof useTint>,
	rows = Number.POSITIVE_INFINITY,
): Line[] {
	const color = tint(failure.aborted ? 'yellow' : 'red');
	const mark = failure.aborted ? '■' : '✘';
	const head = [
		textLine('gap', 0, ''),
		...wrappedLines('message', 0, `${mark} ${failure.message}`, width, { color, bold: true }),
	];
	const hint = failure.hint ? wrappedLines('hint', 0, `next: ${failure.hint}`, width) : [];
	const details = failure.details.map((detail, index) =>
		wrappedLines(`detail-${index}`, 0, detail, width, {}, 2),
	);
	const room = rows - head.length - hint.length;
	const more = (count: number) => textLine('more', 0, `  … and ${count} more`, { dim: true });
	const shown = details.length === 0 ? [] : fitBlocks(details, room, more);
	return [...head, ...shown, ...hint];
}

/** A failure: what happened, the details (problems, stderr tail), and what to do next. */
export function FailureView({
	failure,
	rows,
}: {
	readonly failure: Failure;
	readonly rows?: number;
}) {
	const tint = useTint();
	const { width } = useUi();
	return <Lines lines={failureLines(failure, width, tint, rows)} />;
}
