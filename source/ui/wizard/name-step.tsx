import { clusterFilePath } from '../../state/wizard/spec.js';
import { FormStep } from './form-step.js';
import type { StepProps } from './step-props.js';

/** Step 2: the cluster's name and the directory its file and certificates go to. */
export function NameStep({ state, dispatch }: StepProps) {
	const file = clusterFilePath(state.answers, state.env);
	const intro = state.base
		? `Editing ${file}: change what you need, every answer is kept.`
		: `Every answer is saved to ${file}, so the same cluster can be set up again with etcd-wizard apply.`;
	return <FormStep state={state} dispatch={dispatch} intro={intro} />;
}
