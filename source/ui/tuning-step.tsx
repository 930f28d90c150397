import { Text } from 'ink';
import { FormStep } from './form-step.js';
import type { StepProps } from './ui-context.js';

const INTRO =
	'The defaults suit one LAN. Over slower links raise both: heartbeat near the round-trip time (RTT), election timeout at least 10 x RTT and at least 5 x heartbeat.';

/** Step 10: etcd's timing, snapshots, quota, compaction and free extra flags. */
export function TuningStep({ state, dispatch }: StepProps) {
	return <FormStep state={state} dispatch={dispatch} intro={<Text wrap="wrap">{INTRO}</Text>} />;
}
