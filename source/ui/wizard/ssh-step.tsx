import { countOf } from '../../state/shared/words.js';
import { FormStep } from './form-step.js';
import type { StepProps } from './step-props.js';

/**
 * Step 3: how to log in to the hosts; the passphrase is asked masked and never stored. Leaving
 * it checks the key file chosen: the passphrase field says when it is encrypted or not opened.
 */
export function SshStep({ state, dispatch }: StepProps) {
	const found =
		state.env.identityFiles.length === 0
			? 'No ~/.ssh/id_* key was found; type the path of one.'
			: `Found ${countOf(state.env.identityFiles.length, 'key')} in ~/.ssh.`;
	const intro = `etcd-wizard logs in to every host with one SSH connection each. ${found} Host keys are checked against ~/.ssh/known_hosts.`;
	return <FormStep state={state} dispatch={dispatch} intro={intro} />;
}
