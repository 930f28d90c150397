import { identityFileOf } from './spec.js';
import type { FieldId, IdentityCheck, WizardState } from './types.js';
import type { FieldProblem } from './validate.js';

/** The fields whose change makes an earlier look at the key stale. */
const KEY_FIELDS: readonly string[] = ['identity', 'identityFile', 'passphrase'];

/** The state with the key check set back to idle (the attempt counter kept). */
export function idleIdentityCheck(state: WizardState): WizardState {
	const { identityCheck } = state;
	if (identityCheck.status === 'idle') return state;
	return { ...state, identityCheck: { status: 'idle', attempt: identityCheck.attempt } };
}

/** After `field` changed: a key or passphrase other than the one checked. */
export function afterKeyEdit(state: WizardState, field: FieldId): WizardState {
	return KEY_FIELDS.includes(field) ? idleIdentityCheck(state) : state;
}

/**
 * Leaving the SSH step forward with a key file chosen: its check starts (the state returned),
 * or is already running (the same state). Undefined with the agent: nothing to check.
 */
export function startIdentityCheck(state: WizardState): WizardState | undefined {
	const file = identityFileOf(state.answers, state.env.cwd);
	if (file === undefined) return undefined;
	if (state.identityCheck.status === 'checking') return state;
	const identityCheck: IdentityCheck = {
		status: 'checking',
		attempt: state.identityCheck.attempt + 1,
		file,
	};
	return { ...state, identityCheck };
}

/** What the key check says under the passphrase field. */
export function identityProblems(check: IdentityCheck): readonly FieldProblem[] {
	const file = check.file ?? 'the key file';
	switch (check.status) {
		case 'idle':
			return [];
		case 'checking':
			return [{ severity: 'note', message: `checking ${file}…` }];
		case 'needed':
			return [{ severity: 'error', message: `${file} is encrypted: type its passphrase` }];
		case 'wrong':
			return [
				{ severity: 'error', message: `that passphrase does not open ${file}; type it again` },
			];
	}
}
