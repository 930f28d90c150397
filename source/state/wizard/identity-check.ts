import type { FieldProblem } from '../shared/types.js';
import { identityFileOf } from './spec.js';
import type { Answers, FieldId, IdentityCheck, WizardState } from './types.js';

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

/** The field that names the key file: the list of keys found, or the path typed. */
export function keyFileField(answers: Answers): 'identity' | 'identityFile' {
	return answers.identity === 'other' ? 'identityFile' : 'identity';
}

/** What the key check says, and under which field: the key file's, or the passphrase's. */
export function identityProblems(
	check: IdentityCheck,
	answers: Answers,
): readonly (readonly [FieldId, FieldProblem])[] {
	const file = check.file ?? 'the key file';
	switch (check.status) {
		case 'idle':
			return [];
		case 'checking':
			return [['passphrase', { severity: 'note', message: `checking ${file}…` }]];
		case 'needed':
			return [
				['passphrase', { severity: 'error', message: `${file} is encrypted: type its passphrase` }],
			];
		case 'wrong':
			return [
				[
					'passphrase',
					{ severity: 'error', message: `that passphrase does not open ${file}; type it again` },
				],
			];
		case 'unusable':
			return [
				[
					keyFileField(answers),
					{
						severity: 'error',
						message: `no SSH key to use in ${file}: ${check.reason ?? 'unreadable'}`,
					},
				],
			];
	}
}
