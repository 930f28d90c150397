import type { ProgressState } from '../../events/progress-state.js';
import type { Failure } from '../../state/shared/types.js';
import { FailureView, failureLines } from './failure-view.js';
import { type Line, Lines } from './fit.js';
import { ProgressPane, paneRows } from './progress-pane.js';
import { useTint, useUi } from './ui-context.js';

export interface RunViewProps {
	readonly progress: ProgressState;
	readonly failure: Failure | undefined;
	/** The clock of the spinners and elapsed times. */
	readonly now: number;
	/** Rows for the pane, the lines between and the failure together. */
	readonly rows: number;
	/** What shows between the pane and the failure (facts, a question), always whole. */
	readonly between?: readonly Line[];
}

/**
 * A run's live pane, then `between`, then the failure that ended it, in `rows`: the pane's
 * node rows and the failure's message and next step first, then what failed on each node
 * (with its stderr tail) and the last log lines, then the failure's own details.
 */
export function RunView({ progress, failure, now, rows, between = [] }: RunViewProps) {
	const tint = useTint();
	const { width, color } = useUi();
	const room = rows - between.length;
	const failureMin = failure ? failureLines(failure, width, tint, 0).length : 0;
	const pane = Math.min(paneRows(progress, width), room - failureMin);
	return (
		<>
			<ProgressPane state={progress} now={now} width={width} color={color} rows={pane} />
			<Lines lines={between} />
			{failure ? <FailureView failure={failure} rows={room - pane} /> : null}
		</>
	);
}
