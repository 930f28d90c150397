import { FormStep } from './form-step.js';
import type { StepProps } from './step-props.js';

/** Step 7: the client and peer ports, checked free on every host. */
export function PortsStep({ state, dispatch }: StepProps) {
	const count = state.answers.hosts.length;
	const where = count === 1 ? 'the host' : `each of the ${count} hosts`;
	const intro = `Checked against what listens on ${where} right now.`;
	return <FormStep state={state} dispatch={dispatch} intro={intro} />;
}
