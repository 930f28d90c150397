import type { KeyCheck } from './types.js';

/**
 * Opening the cluster's SSH key before connecting, as the re-key screen and the health view
 * do it: `checking` the key (with the passphrase typed, if any), `asking` its passphrase
 * masked, then `open`. The passphrase lives only here, in memory, for connecting.
 */
export interface KeyUnlock {
	readonly status: 'checking' | 'asking' | 'open';
	readonly passphrase: string;
	/** The encrypted key file, once known. */
	readonly identityFile?: string;
	/** The passphrase typed last did not open the key. */
	readonly wrong?: boolean;
}

/** What the passphrase field dispatches: typing, and Enter. */
export type KeyInputAction =
	| { readonly type: 'key-typed'; readonly value: string }
	| { readonly type: 'key-submitted' };

export type KeyUnlockAction =
	| { readonly type: 'key-checked'; readonly check: KeyCheck }
	| KeyInputAction;

/** Where every front end starts: the key not looked at yet, no passphrase. */
export const KEY_UNCHECKED: KeyUnlock = { status: 'checking', passphrase: '' };

/** Pure; an action that does not apply (or an empty passphrase submitted) returns the state. */
export function reduceKeyUnlock(unlock: KeyUnlock, action: KeyUnlockAction): KeyUnlock {
	switch (action.type) {
		case 'key-checked': {
			if (unlock.status !== 'checking') return unlock;
			const { check } = action;
			if (check.status === 'ok') return { ...unlock, status: 'open', wrong: false };
			return {
				status: 'asking',
				passphrase: '',
				identityFile: check.identityFile,
				wrong: check.status === 'wrong',
			};
		}
		case 'key-typed':
			return unlock.status === 'asking' ? { ...unlock, passphrase: action.value } : unlock;
		case 'key-submitted':
			return unlock.status === 'asking' && unlock.passphrase !== ''
				? { ...unlock, status: 'checking' }
				: unlock;
	}
}

/** The passphrase to connect with: only once it opened the key, and only when one was typed. */
export function unlockedPassphrase(unlock: KeyUnlock): string | undefined {
	return unlock.status === 'open' && unlock.passphrase !== '' ? unlock.passphrase : undefined;
}
