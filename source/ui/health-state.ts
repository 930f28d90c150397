import type { HealthSnapshot } from '../diagnose/types.js';

/** The health view's state: the last pass, which member is selected, whether its details show. */
export interface HealthViewState {
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
	| { readonly type: 'refresh-started' }
	| { readonly type: 'refreshed'; readonly snapshot: HealthSnapshot }
	| { readonly type: 'refresh-failed'; readonly message: string }
	| { readonly type: 'up' }
	| { readonly type: 'down' }
	| { readonly type: 'open' }
	| { readonly type: 'close' };

export const initialHealthView: HealthViewState = {
	snapshot: null,
	selected: 0,
	open: false,
	refreshing: false,
	passes: 0,
	failure: null,
};

/** Pure; an action that does not apply returns the same state. */
export function healthViewReducer(state: HealthViewState, action: HealthAction): HealthViewState {
	const count = state.snapshot?.health.members.length ?? 0;
	switch (action.type) {
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
