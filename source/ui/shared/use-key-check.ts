import type { KeyUnlock, KeyUnlockAction } from '../../state/shared/key-unlock.js';
import type { KeyCheck } from '../../state/shared/types.js';
import { useRunWhile } from './use-run-while.js';

/** Reads the key file on this machine: opens without a passphrase, or with the one given? */
export type CheckKey = (passphrase?: string) => Promise<KeyCheck>;

/**
 * Checks the key each time the unlock state asks (at the start, then on each passphrase
 * submitted) and dispatches the answer. A check that fails outright lets connecting go on:
 * connecting reads the key again and names the problem with its next step.
 */
export function useKeyCheck(
	unlock: KeyUnlock,
	checkKey: CheckKey,
	dispatch: (action: Extract<KeyUnlockAction, { type: 'key-checked' }>) => void,
): void {
	useRunWhile(unlock.status === 'checking' ? 'key-check' : undefined, async (signal) => {
		const check = await checkKey(unlock.passphrase || undefined).catch(
			(): KeyCheck => ({ status: 'ok' }),
		);
		if (!signal.aborted) dispatch({ type: 'key-checked', check });
	});
}
