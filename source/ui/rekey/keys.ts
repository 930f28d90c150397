import { type Key, useInput } from 'ink';
import type { Dispatch } from 'react';
import type { RekeyAction, RekeyState } from '../../state/rekey/types.js';

/** Rows a Page Up/Down moves in the inventory. */
const PAGE = 5;

/**
 * The action a key stands for on the current screen, or undefined. Pure. The menu's list and
 * the form's text fields take their own keys (arrows and Enter, typing), so they are left out.
 */
export function rekeyKeyAction(
	state: RekeyState,
	input: string,
	key: Key,
	at: number,
): RekeyAction | undefined {
	if (key.ctrl && input === 'c') return { type: 'interrupt' };
	const up = key.upArrow || input === 'k';
	const down = key.downArrow || input === 'j';
	switch (state.screen) {
		case 'key':
			// The passphrase field takes every other key; `q` is a letter of a passphrase.
			return key.escape ? { type: 'back' } : undefined;
		case 'connect':
			if (state.connect.status !== 'failed') return undefined;
			if (input === 'r' || key.return) return { type: 'retry', at };
			return input === 'q' ? { type: 'quit' } : undefined;
		case 'inventory':
			if (up || down) return { type: 'move', delta: up ? -1 : 1 };
			if (key.pageUp || key.pageDown) return { type: 'move', delta: key.pageUp ? -PAGE : PAGE };
			if (key.return) return { type: 'open-menu' };
			return input === 'q' ? { type: 'quit' } : undefined;
		case 'menu':
			return key.escape ? { type: 'back' } : undefined;
		case 'members':
			if (up || down) return { type: 'move', delta: up ? -1 : 1 };
			if (input === ' ') return { type: 'toggle-member' };
			if (input === 'a') return { type: 'toggle-all' };
			if (key.return) return { type: 'members-chosen' };
			return key.escape ? { type: 'back' } : undefined;
		case 'client':
			return clientKey(state, input, key);
		case 'issued':
			if (key.return || key.escape) return { type: 'back' };
			return input === 'q' ? { type: 'quit' } : undefined;
		case 'plan':
			if (input === 'y' || key.return) return { type: 'confirm', at };
			return input === 'n' || key.escape ? { type: 'back' } : undefined;
		case 'run':
			if (state.run.confirmStop && (input === 'y' || input === 'n')) {
				return { type: 'stop-answered', stop: input === 'y' };
			}
			return state.run.status === 'failed' && (input === 'q' || key.return)
				? { type: 'quit' }
				: undefined;
		case 'done':
			return input === 'q' || key.return ? { type: 'quit' } : undefined;
	}
}

function clientKey(state: RekeyState, input: string, key: Key): RekeyAction | undefined {
	if (state.client.status === 'replace?') {
		if (input === 'y' || input === 'n') return { type: 'replace-answered', replace: input === 'y' };
		return key.escape ? { type: 'back' } : undefined;
	}
	if (key.escape) return { type: 'back' };
	if (key.upArrow || key.downArrow || key.tab) {
		return { type: 'move', delta: key.upArrow || (key.tab && key.shift) ? -1 : 1 };
	}
	return undefined;
}

/** Maps keys to actions; inactive while a host key question owns the keyboard (but Ctrl-C). */
export function useRekeyKeys(
	state: RekeyState,
	dispatch: Dispatch<RekeyAction>,
	clock: () => number,
): void {
	useInput((input, key) => {
		if (state.question && !(key.ctrl && input === 'c')) return;
		const action = rekeyKeyAction(state, input, key, clock());
		if (action) dispatch(action);
	});
}
