import type { HealthSnapshot } from '../../health/diagnosis/types.js';
import { type KeyUnlock, type KeyUnlockAction, reduceKeyUnlock } from '../shared/key-unlock.js';
import type { Failure } from '../shared/types.js';

/**
 * The health view's state: before the first pass, the SSH key (its passphrase asked when it is
 * encrypted) and the connections; then the last pass, which member is selected, whether its
 * details show.
 */
export interface HealthViewState {
	/** `key`: opening the SSH key; `connecting` (attempt n); `failed` to connect; `connected`. */
	readonly reach: 'key' | 'connecting' | 'failed' | 'connected';
	readonly key: KeyUnlock;
	readonly connectAttempt: number;
	/** Why connecting failed, and what to do next. */
	readonly connectFailure?: Failure;
	readonly snapshot: HealthSnapshot | null;
	readonly selected: number;
	readonly open: boolean;
	/** A pass is under way. */
	readonly refreshing: boolean;
	/** Passes finished so far (the view shows it, so a refresh is visible). */
	readonly passes: number;
	/** Why the last pass failed, if it did. */
	readonly failure: string | null;
}

export type HealthAction =
	| KeyUnlockAction
	| { readonly type: 'connected'; readonly attempt: number }
	| { readonly type: 'connect-failed'; readonly attempt: number; readonly failure: Failure }
	| { readonly type: 'reconnect' }
	| { readonly type: 'refresh-started' }
	| { readonly type: 'refreshed'; readonly snapshot: HealthSnapshot }
	| { readonly type: 'refresh-failed'; readonly message: string }
	| { readonly type: 'up' }
	| { readonly type: 'down' }
	| { readonly type: 'open' }
	| { readonly type: 'close' };

/** Connected already: the first pass is next. */
export const initialHealthView: HealthViewState = {
	reach: 'connected',
	key: { status: 'open', passphrase: '' },
	connectAttempt: 0,
	snapshot: null,
	selected: 0,
	open: false,
	refreshing: false,
	passes: 0,
	failure: null,
};

/** Not connected yet: the SSH key is checked first. */
export const unlockingHealthView: HealthViewState = {
	...initialHealthView,
	reach: 'key',
	key: { status: 'checking', passphrase: '' },
};

/** Pure; an action that does not apply returns the same state. */
export function healthViewReducer(state: HealthViewState, action: HealthAction): HealthViewState {
	const count = state.snapshot?.health.members.length ?? 0;
	switch (action.type) {
		case 'key-checked':
		case 'key-typed':
		case 'key-submitted':
			return unlockKey(state, action);
		case 'connected':
			return connecting(state, action.attempt) ? { ...state, reach: 'connected' } : state;
		case 'connect-failed':
			return connecting(state, action.attempt)
				? { ...state, reach: 'failed', connectFailure: action.failure }
				: state;
		case 'reconnect':
			return state.reach === 'failed' ? connect(state) : state;
		case 'refresh-started':
			return state.refreshing ? state : { ...state, refreshing: true };
		case 'refreshed':
			return {
				...state,
				snapshot: action.snapshot,
				refreshing: false,
				passes: state.passes + 1,
				failure: null,
				selected: Math.min(state.selected, Math.max(0, action.snapshot.health.members.length - 1)),
			};
		case 'refresh-failed':
			return { ...state, refreshing: false, failure: action.message };
		case 'up':
			return state.open || state.selected === 0
				? state
				: { ...state, selected: state.selected - 1 };
		case 'down':
			return state.open || state.selected >= count - 1
				? state
				: { ...state, selected: state.selected + 1 };
		case 'open':
			return state.open || count === 0 ? state : { ...state, open: true };
		case 'close':
			return state.open ? { ...state, open: false } : state;
	}
}

const connecting = (state: HealthViewState, attempt: number) =>
	state.reach === 'connecting' && state.connectAttempt === attempt;

/** A new connection attempt, the last failure forgotten. */
const connect = (state: HealthViewState): HealthViewState => ({
	...state,
	reach: 'connecting',
	connectAttempt: state.connectAttempt + 1,
	connectFailure: undefined,
});

/** The key's passphrase, asked before connecting; once the key opens, connecting starts. */
function unlockKey(state: HealthViewState, action: KeyUnlockAction): HealthViewState {
	if (state.reach !== 'key') return state;
	const key = reduceKeyUnlock(state.key, action);
	if (key === state.key) return state;
	return key.status === 'open' ? connect({ ...state, key }) : { ...state, key };
}
