import { awaited, EXIT, failRun, isLive, nextRun, reduceRunEvent } from '../shared/runs.js';
import type { RekeyAction, RekeyRunName, RekeyState } from './types.js';

/** Only connecting asks host key questions: the run reaches hosts whose keys it knows. */
const ASKING: readonly RekeyRunName[] = ['connect'];

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
		case 'run-event':
		case 'host-key-asked':
		case 'host-key-answered':
			return reduceRunEvent(state, action, ASKING);
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
		case 'run-failed':
			if (!awaited(state, action.run, action.attempt)) return state;
			return failRun(state, action.run, action.failure);
		case 'rekeyed':
			if (!awaited(state, 'run', action.attempt)) return state;
			return {
				...state,
				screen: 'done',
				run: { ...state.run, status: 'done', confirmStop: false, result: action.result },
			};
		case 'retry':
			if (state.screen !== 'connect' || state.connect.status !== 'failed') return state;
			return { ...state, connect: nextRun(state.connect, state.hosts, action.at) };
		case 'confirm': {
			if (state.screen !== 'plan' || state.blocker) return state;
			const nodes = state.mode === 'ca' ? (state.overview?.members ?? []) : state.chosen;
			const run = nextRun(state.run, nodes, action.at);
			return { ...state, screen: 'run', run: { ...run, confirmStop: false } };
		}
	}
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
