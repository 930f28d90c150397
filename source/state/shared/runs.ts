import {
	initialProgress,
	progressReducer,
	type StampedEvent,
} from '../../events/progress-state.js';
import type { Failure, HostKeyQuestion, RunState } from './types.js';

/**
 * How every screen folds its long runs (the wizard's probe, checks and provisioning; the re-key
 * screen's connect and run): one pane per run, the attempt that is awaited, the host key
 * question, failing, and Ctrl-C's "stop?". What a result does to a screen stays its own.
 */

/** Exit codes: as the CLI's, 130 after Ctrl-C. */
export const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

/** A run that has not started, or a fresh one for `nodes` when `attempt` is given. */
export function runState(attempt = 0, nodes: readonly string[] = [], at = 0): RunState {
	return {
		status: attempt === 0 ? 'idle' : 'running',
		attempt,
		progress: initialProgress(nodes, at),
	};
}

/** The next attempt after `run`, running for `nodes` from `at`. */
export const nextRun = (run: RunState, nodes: readonly string[], at: number): RunState =>
	runState(run.attempt + 1, nodes, at);

/** Whether a run is under way: results and events of it are still awaited. */
export const isLive = (run: RunState) => run.status === 'running' || run.status === 'stopping';

/** A run that Ctrl-C asks about before stopping it. */
export interface StoppableRun extends RunState {
	readonly confirmStop: boolean;
}

/** A screen's state as its runs see it: each run by name, and the host key question open. */
export type WithRuns<N extends string> = { readonly [K in N]: RunState } & {
	readonly question?: HostKeyQuestion;
};

/** What every screen's runs dispatch alike: their events and the host key questions they ask. */
export type RunEventAction<N extends string> =
	| { readonly type: 'run-event'; readonly run: N; readonly event: StampedEvent }
	| { readonly type: 'host-key-asked'; readonly question: HostKeyQuestion }
	| { readonly type: 'host-key-answered' };

/** Whether any of `runs` is under way. */
export function anyLive<N extends string>(state: WithRuns<N>, runs: readonly N[]): boolean {
	return runs.some((run) => isLive(state[run]));
}

/** Whether a result of `attempt` of `run` is still awaited (not stale, not abandoned). */
export function awaited<N extends string>(state: WithRuns<N>, run: N, attempt: number): boolean {
	const current = state[run];
	return isLive(current) && current.attempt === attempt;
}

/**
 * An event goes to its run's pane while the run is live; a host key question opens only while
 * one of the runs that `ask` is live. Anything else returns the same state.
 */
export function reduceRunEvent<N extends string, S extends WithRuns<N>>(
	state: S,
	action: RunEventAction<N>,
	ask: readonly N[],
): S {
	switch (action.type) {
		case 'run-event': {
			const run = state[action.run];
			if (!isLive(run)) return state;
			const progress = progressReducer(run.progress, action.event);
			return { ...state, [action.run]: { ...run, progress } };
		}
		case 'host-key-asked':
			if (!anyLive(state, ask)) return state;
			return { ...state, question: action.question };
		case 'host-key-answered':
			return state.question ? { ...state, question: undefined } : state;
	}
}

/** `run` failed: its pane keeps the failure, the question it asked closes, "stop?" is dropped. */
export function failRun<N extends string, S extends WithRuns<N>>(
	state: S,
	run: N,
	failure: Failure,
): S {
	const current = state[run];
	const stop = 'confirmStop' in current ? { confirmStop: false } : {};
	const failed = { ...current, status: 'failed' as const, failure, ...stop };
	return { ...state, question: undefined, [run]: failed };
}

/** A screen's state with a run Ctrl-C stops, and the exit code the screen closes with. */
export type WithStoppableRun<N extends string> = { readonly [K in N]: StoppableRun } & {
	readonly exit?: number | object;
};

/**
 * Ctrl-C: "stop?" is asked while `run` runs; asked twice, or with nothing running, the screen
 * closes.
 */
export function interruptRun<N extends string, S extends WithStoppableRun<N>>(state: S, run: N): S {
	const current = state[run];
	if (current.status !== 'running' || current.confirmStop) {
		return { ...state, exit: EXIT.interrupted };
	}
	return { ...state, [run]: { ...current, confirmStop: true } };
}

/**
 * The answer to "stop?": a yes lets every host finish (or put back) its current step; unasked,
 * the same state.
 */
export function answerStop<N extends string, S extends WithStoppableRun<N>>(
	state: S,
	run: N,
	stop: boolean,
): S {
	const current = state[run];
	if (!current.confirmStop) return state;
	const status = stop ? ('stopping' as const) : current.status;
	return { ...state, [run]: { ...current, status, confirmStop: false } };
}
