import { Box, Text } from 'ink';
import { clusterFilePath } from '../wizard/spec.js';
import { FailureView } from './failure-view.js';
import { ProgressPane } from './progress-pane.js';
import { StepFrame } from './step-frame.js';
import { type StepProps, useTint, useUi } from './ui-context.js';
import { useStepKeys } from './use-step-keys.js';

const HINTS = {
	running: 'Ctrl-C stop after the current step on each host',
	confirm: 'y stop · n keep going',
	stopping: 'Ctrl-C quit at once',
	failed: 'r run again · Esc back to the review · q quit',
} as const;

/** Step 12: the live pane, a row per node; Ctrl-C asks before stopping. */
export function ProvisionStep({ state, dispatch, now }: StepProps & { readonly now: number }) {
	const tint = useTint();
	const { width, color, clock } = useUi();
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
	return (
		<StepFrame step="provision" hints={HINTS[mode]}>
			<Text dimColor wrap="truncate-end">
				Saved {clusterFilePath(state.answers, state.env)}
			</Text>
			<ProgressPane state={provision.progress} now={now} width={width} color={color} />
			{mode === 'confirm' ? (
				<Box marginTop={1}>
					<Text color={tint('yellow')} bold wrap="wrap">
						Stop provisioning? Every host stops after the step it is in, so none is left
						half-changed; run the wizard or apply again to finish. (y/n)
					</Text>
				</Box>
			) : null}
			{mode === 'stopping' ? (
				<Text color={tint('yellow')}>Stopping after the current step on each host…</Text>
			) : null}
			{provision.failure ? <FailureView failure={provision.failure} /> : null}
		</StepFrame>
	);
}
