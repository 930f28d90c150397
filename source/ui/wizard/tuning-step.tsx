import { useTint, useUi } from '../shared/ui-context.js';
import { FormStep } from './form-step.js';
import { preflightLines } from './preflight-panel.js';
import type { StepProps } from './step-props.js';

const INTRO =
	'The defaults suit one LAN. Over slower links raise both: heartbeat near the round-trip time (RTT), election timeout at least 10 x RTT and at least 5 x heartbeat.';

/**
 * Step 10: etcd's timing, snapshots, quota, compaction and free extra flags, with the preflight's
 * findings and the timing it recommends from the measured round trips.
 */
export function TuningStep({ state, dispatch, now }: StepProps & { readonly now: number }) {
	const { width } = useUi();
	const tint = useTint();
	return (
		<FormStep
			state={state}
			dispatch={dispatch}
			intro={INTRO}
			below={(rows) => preflightLines(state, { now, width, tint }, rows)}
		/>
	);
}
