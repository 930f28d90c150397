import { FormStep } from './form-step.js';
import type { StepProps } from './step-props.js';

const INTRO =
	'Every download is checked against the SHA256SUMS of the release before it is installed.';

/** Step 9: the etcd version, and where each host gets it from. */
export function ReleaseStep({ state, dispatch }: StepProps) {
	return <FormStep state={state} dispatch={dispatch} intro={INTRO} />;
}
