import { describe, expect, it } from 'vitest';
import {
	KEY_UNCHECKED,
	type KeyUnlock,
	type KeyUnlockAction,
	reduceKeyUnlock,
	unlockedPassphrase,
} from '../../../../source/state/shared/key-unlock.js';

const run = (unlock: KeyUnlock, ...actions: KeyUnlockAction[]) =>
	actions.reduce(reduceKeyUnlock, unlock);
const needed = { type: 'key-checked', check: { status: 'needed', identityFile: '/k' } } as const;
const wrong = { type: 'key-checked', check: { status: 'wrong', identityFile: '/k' } } as const;
const ok = { type: 'key-checked', check: { status: 'ok' } } as const;

describe('reduceKeyUnlock', () => {
	it('opens a key that needs no passphrase, with none to connect with', () => {
		const open = run(KEY_UNCHECKED, ok);
		expect(open.status).toBe('open');
		expect(unlockedPassphrase(open)).toBeUndefined();
	});

	it('asks, re-asks with the typed passphrase cleared when wrong, and opens with the right one', () => {
		let unlock = run(KEY_UNCHECKED, needed);
		expect(unlock).toEqual({ status: 'asking', passphrase: '', identityFile: '/k', wrong: false });
		expect(unlockedPassphrase(unlock)).toBeUndefined();
		unlock = run(unlock, { type: 'key-typed', value: 'hunter3' }, { type: 'key-submitted' });
		expect(unlock).toMatchObject({ status: 'checking', passphrase: 'hunter3' });
		expect(unlockedPassphrase(unlock)).toBeUndefined();
		unlock = run(unlock, wrong);
		expect(unlock).toEqual({ status: 'asking', passphrase: '', identityFile: '/k', wrong: true });
		unlock = run(unlock, { type: 'key-typed', value: 'hunter2' }, { type: 'key-submitted' }, ok);
		expect(unlock).toMatchObject({ status: 'open', wrong: false });
		expect(unlockedPassphrase(unlock)).toBe('hunter2');
	});

	it('returns the same state for what does not apply', () => {
		const asking = run(KEY_UNCHECKED, needed);
		expect(run(asking, ok)).toBe(asking);
		expect(run(asking, { type: 'key-submitted' })).toBe(asking);
		expect(run(KEY_UNCHECKED, { type: 'key-typed', value: 'x' })).toBe(KEY_UNCHECKED);
		const open = run(KEY_UNCHECKED, ok);
		expect(run(open, needed, { type: 'key-typed', value: 'x' }, { type: 'key-submitted' })).toBe(
			open,
		);
	});
});
