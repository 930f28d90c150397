import { FormStep } from './form-step.js';
import type { StepProps } from './step-props.js';

const INTRO =
	'etcd runs as an unprivileged system user: its data dir is 0700 and its keys 0600, owned by it.';

/** Step 8: the user and group etcd runs as, with optional fixed ids. */
export function OwnerStep({ state, dispatch }: StepProps) {
	return <FormStep state={state} dispatch={dispatch} intro={INTRO} />;
}
