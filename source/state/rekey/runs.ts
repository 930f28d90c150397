import { progressReducer } from '../../events/progress-state.js';
import { runState } from '../shared/initial-run.js';
import { EXIT, isLive } from '../wizard/reduce-runs.js';
import type { RekeyAction, RekeyRunName, RekeyState } from './types.js';

/** Whether a result of `attempt` of `run` is still awaited (not stale, not abandoned). */
function awaited(state: RekeyState, run: RekeyRunName, attempt: number): boolean {
	return isLive(state[run]) && state[run].attempt === attempt;
}

type RunAction = Extract<
	RekeyAction,
	{
		type:
			| 'run-event'
			| 'host-key-asked'
			| 'host-key-answered'
			| 'prepared'
			| 'run-failed'
			| 'rekeyed'
			| 'retry'
			| 'confirm';
	}
>;

/** Connecting (with its host key questions) and the rekey run: events, results, failures. */
export function reduceRuns(state: RekeyState, action: RunAction): RekeyState {
	switch (action.type) {
		case 'run-event': {
			const run = state[action.run];
			if (!isLive(run)) return state;
			return {
				...state,
				[action.run]: { ...run, progress: progressReducer(run.progress, action.event) },
			};
		}
		case 'host-key-asked':
			return isLive(state.connect) ? { ...state, question: action.question } : state;
		case 'host-key-answered':
			return state.question ? { ...state, question: undefined } : state;
		case 'prepared': {
			if (!awaited(state, 'connect', action.attempt)) return state;
			const { members } = action.overview;
			const asked = state.chosen.filter((name) => members.includes(name));
			return {
				...state,
				screen: 'inventory',
				connect: { ...state.connect, status: 'done' },
				overview: action.overview,
				selected: 0,
				chosen: asked.length > 0 ? asked : members,
			};
		}
		case 'run-failed': {
			if (!awaited(state, action.run, action.attempt)) return state;
			const { failure } = action;
			if (action.run === 'connect') {
				return {
					...state,
					question: undefined,
					connect: { ...state.connect, status: 'failed', failure },
				};
			}
			return { ...state, run: { ...state.run, status: 'failed', failure, confirmStop: false } };
		}
		case 'rekeyed':
			if (!awaited(state, 'run', action.attempt)) return state;
			return {
				...state,
				screen: 'done',
				run: { ...state.run, status: 'done', confirmStop: false, result: action.result },
			};
		case 'retry':
			if (state.screen !== 'connect' || state.connect.status !== 'failed') return state;
			return { ...state, connect: runState(state.connect.attempt + 1, state.hosts, action.at) };
		case 'confirm': {
			if (state.screen !== 'plan' || state.blocker) return state;
			const nodes = state.mode === 'ca' ? (state.overview?.members ?? []) : state.chosen;
			const run = runState(state.run.attempt + 1, nodes, action.at);
			return { ...state, screen: 'run', run: { ...run, confirmStop: false } };
		}
	}
}

/** Ctrl-C: asks before stopping a run; asked twice, or anywhere else, it closes the screen. */
export function interrupt(state: RekeyState): RekeyState {
	if (state.run.status === 'running' && !state.run.confirmStop) {
		return { ...state, run: { ...state.run, confirmStop: true } };
	}
	return { ...state, exit: EXIT.interrupted };
}

/**
 * SIGTERM or SIGHUP (the terminal closed): a run stops as after a yes to "stop the run?" and the
 * screen closes once it has settled; anywhere else the screen closes at once.
 */
export function terminate(state: RekeyState): RekeyState {
	if (!isLive(state.run)) return { ...state, exit: EXIT.interrupted };
	const run = { ...state.run, status: 'stopping' as const, confirmStop: false };
	return { ...state, run, exitWhenSettled: EXIT.interrupted };
}

/** A screen told to close once its run settles closes when it has. */
export function closeWhenSettled(state: RekeyState): RekeyState {
	const { exitWhenSettled: code } = state;
	if (code === undefined || isLive(state.run) || state.exit !== undefined) return state;
	return { ...state, exit: code };
}

/** The answer to "stop the run?": stopping lets each member finish (or undo) its step. */
export function answerStop(state: RekeyState, stop: boolean): RekeyState {
	if (!state.run.confirmStop) return state;
	const status = stop ? ('stopping' as const) : state.run.status;
	return { ...state, run: { ...state.run, status, confirmStop: false } };
}

/** Leaving: 1 after a failure or an unhealthy result, else 0; never while a run goes on. */
export function quit(state: RekeyState): RekeyState {
	if (isLive(state.run) || state.client.status === 'issuing') return state;
	const health = state.run.result?.health;
	const failed =
		state.run.status === 'failed' ||
		state.connect.status === 'failed' ||
		(health !== undefined && !health.cluster.healthy);
	return { ...state, exit: failed ? EXIT.failed : EXIT.ok };
}
