import { describe, expect, it } from 'vitest';
import type { WizardAction } from '../../../../source/state/wizard/actions.js';
import { stepFields } from '../../../../source/state/wizard/fields.js';
import type { WizardState } from '../../../../source/state/wizard/types.js';
import { fieldProblems } from '../../../../source/state/wizard/validate.js';
import { fold, stateAt } from './fixtures.js';

/** The SSH step with the focus on its last field, the passphrase (the first key file chosen). */
const onPassphrase = (): WizardState => {
	const ssh = stateAt('ssh');
	return { ...ssh, focus: stepFields(ssh).indexOf('passphrase') };
};

const checked = (attempt: number, status: 'ok' | 'needed' | 'wrong'): WizardAction => ({
	type: 'identity-checked',
	attempt,
	check: status === 'ok' ? { status } : { status, identityFile: '/home/ops/.ssh/id_ed25519' },
});

const passphraseProblems = (state: WizardState) => fieldProblems(state).passphrase ?? [];

describe('the SSH step checks the key file before it is left', () => {
	it('checks the key on Enter at the last field, staying until the answer comes', () => {
		const state = onPassphrase();
		const checking = fold(state, { type: 'submit-field' });
		expect(checking).toMatchObject({
			step: 'ssh',
			identityCheck: { status: 'checking', attempt: 1, file: '~/.ssh/id_ed25519' },
		});
		expect(passphraseProblems(checking)).toEqual([
			{ severity: 'note', message: 'checking ~/.ssh/id_ed25519…' },
		]);
		// Enter again while it runs starts no second check.
		expect(fold(checking, { type: 'submit-field' })).toBe(checking);
		expect(fold(checking, { type: 'next' })).toBe(checking);
		const on = fold(checking, checked(1, 'ok'));
		expect(on).toMatchObject({ step: 'hosts', identityCheck: { status: 'idle', attempt: 1 } });
	});

	it('says an encrypted key needs its passphrase, and that a wrong one does not open it', () => {
		const needed = fold(onPassphrase(), { type: 'next' }, checked(1, 'needed'));
		expect(needed).toMatchObject({ step: 'ssh', identityCheck: { status: 'needed' } });
		expect(passphraseProblems(needed)).toEqual([
			{ severity: 'error', message: '~/.ssh/id_ed25519 is encrypted: type its passphrase' },
		]);
		expect(fold(needed, { type: 'submit-field' })).toBe(needed);
		expect(fold(needed, { type: 'next' })).toBe(needed);

		const typed = fold(needed, { type: 'set', field: 'passphrase', value: 'hunter3' });
		expect(typed.identityCheck).toEqual({ status: 'idle', attempt: 1 });
		expect(passphraseProblems(typed)).toEqual([]);
		const wrong = fold(typed, { type: 'submit-field' }, checked(2, 'wrong'));
		expect(passphraseProblems(wrong)).toEqual([
			{
				severity: 'error',
				message: 'that passphrase does not open ~/.ssh/id_ed25519; type it again',
			},
		]);
		const right = fold(
			wrong,
			{ type: 'set', field: 'passphrase', value: 'hunter2' },
			{ type: 'submit-field' },
		);
		expect(right.identityCheck).toMatchObject({ status: 'checking', attempt: 3 });
		expect(fold(right, checked(3, 'ok'))).toMatchObject({
			step: 'hosts',
			answers: { passphrase: 'hunter2' },
		});
	});

	it('puts the focus back on the passphrase when the answer comes from elsewhere', () => {
		const checking = fold(onPassphrase(), { type: 'submit-field' });
		const up = fold(checking, { type: 'focus', to: 'prev' }, { type: 'focus', to: 'prev' });
		expect(up.focus).toBe(1);
		expect(fold(up, checked(1, 'needed')).focus).toBe(stepFields(up).indexOf('passphrase'));
	});

	it('ignores the answer of a check whose key or passphrase changed since, or a step left', () => {
		const checking = fold(onPassphrase(), { type: 'submit-field' });
		const typed = fold(checking, { type: 'set', field: 'passphrase', value: 'x' });
		expect(typed.identityCheck.status).toBe('idle');
		expect(fold(typed, checked(1, 'ok'))).toBe(typed);
		const again = fold(typed, { type: 'submit-field' });
		expect(fold(again, checked(1, 'needed'))).toBe(again);

		const other = fold(
			{ ...checking, focus: 2 },
			{ type: 'choose', field: 'identity', value: '~/.ssh/id_rsa' },
		);
		expect(other.identityCheck.status).toBe('idle');

		const back = fold(checking, { type: 'back' });
		expect(back).toMatchObject({ step: 'name', identityCheck: { status: 'idle' } });
		expect(fold(back, checked(1, 'ok'))).toBe(back);
		// Forward again, Enter on the last field checks anew rather than leaving at once.
		const returned = fold(back, { type: 'next' });
		expect(returned.step).toBe('ssh');
		const rechecked = fold({ ...returned, focus: 3 }, { type: 'submit-field' });
		expect(rechecked.identityCheck).toMatchObject({ status: 'checking', attempt: 2 });
	});

	it('checks a typed key file where the wizard runs, and asks nothing with the agent', () => {
		const ssh = { ...stateAt('ssh'), focus: 2 };
		const other = fold(
			ssh,
			{ type: 'choose', field: 'identity', value: 'other' },
			{ type: 'set', field: 'identityFile', value: 'keys/lab' },
			{ type: 'submit-field' },
			{ type: 'submit-field' },
		);
		expect(other.identityCheck).toMatchObject({
			status: 'checking',
			file: '/home/ops/work/keys/lab',
		});
		const agent = fold(ssh, { type: 'choose', field: 'identity', value: 'agent' });
		expect(agent).toMatchObject({ step: 'hosts', identityCheck: { status: 'idle', attempt: 0 } });
	});

	it('sends the focus to the key file that holds no key, saying why, and goes on once it does', () => {
		const unusable: WizardAction = {
			type: 'identity-checked',
			attempt: 1,
			check: {
				status: 'unusable',
				identityFile: '~/.ssh/id_ed25519',
				reason: 'there is no such file',
			},
		};
		const refused = fold(onPassphrase(), { type: 'submit-field' }, unusable);
		expect(refused).toMatchObject({ step: 'ssh', identityCheck: { status: 'unusable' } });
		expect(refused.focus).toBe(stepFields(refused).indexOf('identity'));
		expect(fieldProblems(refused).identity).toEqual([
			{
				severity: 'error',
				message: 'no SSH key to use in ~/.ssh/id_ed25519: there is no such file',
			},
		]);
		expect(passphraseProblems(refused)).toEqual([]);
		expect(fold(refused, { type: 'next' })).toBe(refused);

		// A typed path: the problem and the focus go to the path field.
		const typed = fold(
			{ ...refused, focus: stepFields(refused).indexOf('identity') },
			{ type: 'choose', field: 'identity', value: 'other' },
			{ type: 'set', field: 'identityFile', value: '/keys/lab.pub' },
		);
		expect(typed.identityCheck.status).toBe('idle');
		const checking = fold(typed, { type: 'next' });
		expect(checking.identityCheck).toMatchObject({ status: 'checking', file: '/keys/lab.pub' });
		const publicKey = fold(checking, {
			type: 'identity-checked',
			attempt: checking.identityCheck.attempt,
			check: {
				status: 'unusable',
				identityFile: '/keys/lab.pub',
				reason: 'it is a public key; choose the file without .pub',
			},
		});
		expect(publicKey.focus).toBe(stepFields(publicKey).indexOf('identityFile'));
		expect(fieldProblems(publicKey).identityFile).toEqual([
			{
				severity: 'error',
				message:
					'no SSH key to use in /keys/lab.pub: it is a public key; choose the file without .pub',
			},
		]);
		const fixed = fold(
			publicKey,
			{ type: 'set', field: 'identityFile', value: '/keys/lab' },
			{ type: 'next' },
		);
		expect(fold(fixed, checked(fixed.identityCheck.attempt, 'ok')).step).toBe('hosts');
	});

	it('keeps the passphrase in the answers only', () => {
		const state = fold(
			onPassphrase(),
			{ type: 'set', field: 'passphrase', value: 'hunter2' },
			{ type: 'submit-field' },
			checked(1, 'wrong'),
		);
		expect(JSON.stringify({ ...state, answers: {}, defaults: {} })).not.toContain('hunter2');
	});

	it('ignores an answer on any other step', () => {
		const hosts = stateAt('hosts');
		expect(fold(hosts, checked(0, 'ok'))).toBe(hosts);
	});
});
