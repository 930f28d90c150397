import { Text } from 'ink';
import { clusterFilePath } from '../../state/wizard/spec.js';
import { textLine, useBodyRows, wrappedLines } from '../shared/fit.js';
import { RunView } from '../shared/run-view.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { useStepKeys } from '../shared/use-step-keys.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

const HINTS = {
	running: 'Ctrl-C stop after the current step on each host',
	confirm: 'y stop · n keep going',
	stopping: 'Ctrl-C quit at once',
	failed: 'r run again · Esc back to the review · q quit',
} as const;

const CONFIRM =
	'Stop provisioning? Every host stops after the step it is in, so none is left half-changed; run the wizard or apply again to finish. (y/n)';
const STOPPING = 'Stopping after the current step on each host…';

/** Step 12: the live pane, a row per node; Ctrl-C asks before stopping. */
export function ProvisionStep({ state, dispatch, now }: StepProps & { readonly now: number }) {
	const tint = useTint();
	const { width, clock } = useUi();
	const rows = useBodyRows();
	const { provision } = state;
	const mode = provision.confirmStop
		? 'confirm'
		: provision.status === 'failed'
			? 'failed'
			: provision.status === 'stopping'
				? 'stopping'
				: 'running';
	useStepKeys(
		{
			back: () => dispatch({ type: 'back' }),
			other: (input) => {
				if (mode === 'confirm' && (input === 'y' || input === 'n')) {
					dispatch({ type: 'stop-answered', stop: input === 'y' });
				} else if (mode === 'failed' && input === 'r') dispatch({ type: 'retry', at: clock() });
				else if (mode === 'failed' && input === 'q') dispatch({ type: 'quit' });
			},
		},
		{ isActive: !state.question, arrows: false },
	);
	const confirm =
		mode === 'confirm'
			? [
					textLine('confirm-gap', 0, ''),
					...wrappedLines('confirm', 0, CONFIRM, width, { color: tint('yellow'), bold: true }),
				]
			: mode === 'stopping'
				? [textLine('stopping', 0, STOPPING, { color: tint('yellow') })]
				: [];
	return (
		<StepFrame step="provision" hints={HINTS[mode]}>
			<Text dimColor wrap="truncate-end">
				Saved {clusterFilePath(state.answers, state.env)}
			</Text>
			<RunView
				progress={provision.progress}
				failure={provision.failure}
				now={now}
				rows={rows - 1}
				between={confirm}
			/>
		</StepFrame>
	);
}
