import { KEY_UNCHECKED, reduceKeyUnlock } from '../shared/key-unlock.js';
import { answerStop, interruptRun, nextRun, runState } from '../shared/runs.js';
import { countOf } from '../shared/words.js';
import { EMPTY_CLIENT_FORM, reduceClient } from './client-form.js';
import { closeWhenSettled, quit, reduceRuns, terminate } from './runs.js';
import type { RekeyAction, RekeyChoice, RekeyState } from './types.js';

/** What the command line asked for: a choice to preselect (`--ca`, `--member`). */
export interface RekeyStart {
	readonly cluster: string;
	readonly hosts: readonly string[];
	readonly ca?: boolean;
	readonly members?: readonly string[];
	/** The clock at the start, for the connect pane. */
	readonly at: number;
}

/**
 * The screen as it opens: the SSH key being checked (connecting follows once it opens), the
 * asked-for choice preselected.
 */
export function initialRekeyState(start: RekeyStart): RekeyState {
	const ca = start.ca === true;
	return {
		screen: 'key',
		cluster: start.cluster,
		hosts: start.hosts,
		key: KEY_UNCHECKED,
		connect: runState(),
		selected: 0,
		choice: ca ? 'ca' : 'renew',
		mode: ca ? 'ca' : 'renew',
		chosen: start.members ?? [],
		memberCursor: 0,
		client: EMPTY_CLIENT_FORM,
		run: { ...runState(), confirmStop: false },
	};
}

/** The re-key screen's state machine. Pure; an action that does not apply returns the state. */
export function rekeyReducer(state: RekeyState, action: RekeyAction): RekeyState {
	switch (action.type) {
		case 'key-checked':
		case 'key-typed':
		case 'key-submitted':
			return unlockKey(state, action);
		case 'run-event':
		case 'host-key-asked':
		case 'host-key-answered':
		case 'prepared':
		case 'run-failed':
		case 'rekeyed':
		case 'retry':
		case 'confirm':
			return closeWhenSettled(reduceRuns(state, action));
		case 'client-typed':
		case 'client-submit':
		case 'client-exists':
		case 'replace-answered':
		case 'client-issued':
		case 'client-failed':
			return reduceClient(state, action);
		case 'interrupt':
			return interruptRun(state, 'run');
		case 'terminate':
			return terminate(state);
		case 'stop-answered':
			return answerStop(state, 'run', action.stop);
		case 'quit':
			return quit(state);
		default:
			return navigate(state, action);
	}
}

/** The key's passphrase, asked before connecting; once the key opens, connecting starts. */
function unlockKey(
	state: RekeyState,
	action: Extract<RekeyAction, { type: 'key-checked' | 'key-typed' | 'key-submitted' }>,
): RekeyState {
	if (state.screen !== 'key') return state;
	const key = reduceKeyUnlock(state.key, action);
	if (key === state.key) return state;
	if (key.status !== 'open' || action.type !== 'key-checked') return { ...state, key };
	const connect = nextRun(state.connect, state.hosts, action.at);
	return { ...state, key, screen: 'connect', connect };
}

type NavAction = Extract<
	RekeyAction,
	{
		type:
			| 'move'
			| 'open-menu'
			| 'choose'
			| 'back'
			| 'toggle-member'
			| 'toggle-all'
			| 'members-chosen';
	}
>;

const clamp = (value: number, count: number) => Math.max(0, Math.min(count - 1, value));

/** Moving between the inventory, the menu, the member list, the form and the plan. */
function navigate(state: RekeyState, action: NavAction): RekeyState {
	const { screen, overview } = state;
	const members = overview?.members ?? [];
	const go = (to: RekeyState['screen']): RekeyState => ({
		...state,
		screen: to,
		blocker: undefined,
	});
	switch (action.type) {
		case 'move':
			if (screen === 'inventory') {
				const count = overview?.inventory.entries.length ?? 0;
				return { ...state, selected: clamp(state.selected + action.delta, count) };
			}
			if (screen === 'members') {
				return { ...state, memberCursor: clamp(state.memberCursor + action.delta, members.length) };
			}
			if (screen === 'client' && state.client.status === 'editing') {
				return { ...state, client: { ...state.client, field: action.delta < 0 ? 'name' : 'days' } };
			}
			return state;
		case 'open-menu':
			return screen === 'inventory' ? go('menu') : state;
		case 'choose':
			return screen === 'menu' ? choose(state, action.choice) : state;
		case 'back':
			return back(state);
		case 'toggle-member': {
			const name = members[state.memberCursor];
			if (screen !== 'members' || name === undefined) return state;
			const on = state.chosen.includes(name);
			const chosen = members.filter((m) => (m === name ? !on : state.chosen.includes(m)));
			return { ...state, chosen, blocker: undefined };
		}
		case 'toggle-all':
			if (screen !== 'members') return state;
			return { ...state, chosen: state.chosen.length === members.length ? [] : members };
		case 'members-chosen':
			if (screen !== 'members') return state;
			if (state.chosen.length === 0) {
				return { ...state, blocker: 'choose at least one member: Space ticks the one under ❯' };
			}
			return { ...go('plan'), mode: 'renew' };
	}
}

function choose(state: RekeyState, choice: RekeyChoice): RekeyState {
	const next = { ...state, choice, blocker: undefined };
	switch (choice) {
		case 'quit':
			return quit(next);
		case 'client':
			return { ...next, screen: 'client', client: EMPTY_CLIENT_FORM };
		default: {
			const overview = state.overview;
			const problems = (choice === 'ca' ? overview?.caProblems : overview?.problems) ?? [];
			if (problems.length > 0) {
				return {
					...next,
					blocker: `${countOf(problems.length, 'problem')} above stop${problems.length === 1 ? 's' : ''} ${choice === 'ca' ? 'a CA rotation' : 'a renewal'}; a client certificate needs no host`,
				};
			}
			if (choice === 'ca') return { ...next, mode: 'ca', screen: 'plan' };
			return { ...next, mode: 'renew', screen: 'members', memberCursor: 0 };
		}
	}
}

/**
 * Esc: one screen back (out of the passphrase question: quit, nothing done); nothing while
 * connecting, running or at the end.
 */
function back(state: RekeyState): RekeyState {
	const to = (screen: RekeyState['screen']): RekeyState => ({
		...state,
		screen,
		blocker: undefined,
	});
	switch (state.screen) {
		case 'key':
			return quit(state);
		case 'menu':
		case 'issued':
			return to('inventory');
		case 'members':
			return to('menu');
		case 'plan':
			return to(state.mode === 'renew' ? 'members' : 'menu');
		case 'client':
			if (state.client.status === 'replace?') {
				return { ...state, client: { ...state.client, status: 'editing' } };
			}
			return state.client.status === 'editing' ? to('menu') : state;
		default:
			return state;
	}
}
