import { progressReducer } from '../../events/progress-state.js';
import type { HostFacts } from '../../shell/facts.js';
import { runState } from '../shared/initial-run.js';
import type { RunName, WizardAction } from './actions.js';
import { interfaceChoices } from './interfaces.js';
import { tunedAnswers } from './preflight.js';
import { clusterFilePath } from './spec.js';
import type { RunState, WizardState } from './types.js';

/** Exit codes: as the CLI's, 130 after Ctrl-C. */
export const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

/** Whether a run is under way: results and events of it are still awaited. */
export const isLive = (run: RunState) => run.status === 'running' || run.status === 'stopping';

/** Whether any of the wizard's runs is under way (probing, health check, preflight, provisioning). */
export function anyRunLive(state: WizardState): boolean {
	return [state.connect, state.preflight, state.provision].some(isLive);
}

/** Whether a result of `attempt` of `run` is still awaited (not stale, not abandoned). */
function awaited(state: WizardState, run: RunName, attempt: number): boolean {
	const current = state[run];
	return isLive(current) && current.attempt === attempt;
}

type RunAction = Extract<
	WizardAction,
	{
		type:
			| 'run-event'
			| 'host-key-asked'
			| 'host-key-answered'
			| 'connect-done'
			| 'health-done'
			| 'preflight-done'
			| 'provision-done'
			| 'run-failed'
			| 'retry';
	}
>;

/** Events and results of the long work: probing, health checks and provisioning. */
export function reduceRun(state: WizardState, action: RunAction): WizardState {
	switch (action.type) {
		case 'run-event': {
			const run = state[action.run];
			if (!isLive(run)) return state;
			const progress = progressReducer(run.progress, action.event);
			return { ...state, [action.run]: { ...run, progress } };
		}
		case 'host-key-asked':
			if (!anyRunLive(state)) return state;
			return { ...state, question: action.question };
		case 'host-key-answered':
			return state.question ? { ...state, question: undefined } : state;
		case 'connect-done':
			if (state.step !== 'connect' || !awaited(state, 'connect', action.attempt)) return state;
			return {
				...state,
				facts: action.facts,
				answers: { ...state.answers, interface: usableInterface(state, action.facts) },
				connect: { ...state.connect, status: 'done' },
			};
		case 'health-done': {
			const busy = state.start.busy;
			if (busy?.kind !== 'health' || !awaited(state, 'connect', action.attempt)) return state;
			return {
				...state,
				step: 'done',
				start: { menu: 'main' },
				connect: { ...state.connect, status: 'done' },
				result: { health: action.health, clusterFile: busy.file },
			};
		}
		case 'preflight-done': {
			if (!awaited(state, 'preflight', action.attempt)) return state;
			const { report } = action;
			const preflight = { ...state.preflight, status: 'done' as const, report };
			return { ...state, answers: tunedAnswers(state, report), preflight };
		}
		case 'provision-done':
			if (!awaited(state, 'provision', action.attempt)) return state;
			return {
				...state,
				step: 'done',
				provision: { ...state.provision, status: 'done', confirmStop: false },
				result: { health: action.health, clusterFile: clusterFilePath(state.answers, state.env) },
			};
		case 'run-failed':
			return runFailed(state, action);
		case 'retry':
			return retry(state, action.at ?? 0);
	}
}

/** The interface answer, or (when no host has it) the first one every host has. */
function usableInterface(state: WizardState, facts: Readonly<Record<string, HostFacts>>): string {
	const choices = interfaceChoices(state.answers.hosts, facts);
	if (choices.some((c) => c.name === state.answers.interface)) return state.answers.interface;
	return choices.find((c) => c.missingOn.length === 0)?.name ?? state.answers.interface;
}

function runFailed(state: WizardState, action: Extract<RunAction, { type: 'run-failed' }>) {
	if (!awaited(state, action.run, action.attempt)) return state;
	const { failure } = action;
	if (action.run === 'preflight') {
		const preflight = { ...state.preflight, status: 'failed' as const, failure };
		return { ...state, question: undefined, preflight };
	}
	if (action.run === 'provision') {
		const provision = {
			...state.provision,
			status: 'failed' as const,
			failure,
			confirmStop: false,
		};
		return { ...state, question: undefined, provision };
	}
	const connect = { ...state.connect, status: 'failed' as const, failure };
	if (state.step !== 'start') return { ...state, question: undefined, connect };
	const error = failure.hint ? `${failure.message}\nnext: ${failure.hint}` : failure.message;
	return { ...state, question: undefined, connect, start: { menu: 'main' as const, error } };
}

function retry(state: WizardState, at: number): WizardState {
	const names = state.answers.hosts.map((h) => h.name);
	if (state.step === 'connect' && state.connect.status === 'failed') {
		return { ...state, connect: runState(state.connect.attempt + 1, names, at) };
	}
	if (state.step === 'provision' && state.provision.status === 'failed') {
		const run = runState(state.provision.attempt + 1, names, at);
		return { ...state, provision: { ...run, confirmStop: false } };
	}
	return state;
}

/** Ctrl-C: asks before stopping a provisioning run; anywhere else (or asked twice) it quits. */
export function interrupt(state: WizardState): WizardState {
	if (state.step === 'provision' && state.provision.status === 'running') {
		if (!state.provision.confirmStop) {
			return { ...state, provision: { ...state.provision, confirmStop: true } };
		}
	}
	return { ...state, exit: EXIT.interrupted };
}

/** The answer to "stop provisioning?": stopping lets every host finish its current step. */
export function answerStop(state: WizardState, stop: boolean): WizardState {
	if (!state.provision.confirmStop) return state;
	const status = stop ? ('stopping' as const) : state.provision.status;
	return { ...state, provision: { ...state.provision, status, confirmStop: false } };
}

/** Leaving at the end: 0 for a healthy cluster, 1 for an unhealthy one or a failed run. */
export function quit(state: WizardState): WizardState {
	if (state.step === 'done' && state.result) {
		return { ...state, exit: state.result.health.cluster.healthy ? EXIT.ok : EXIT.failed };
	}
	if (state.step === 'provision' && state.provision.status === 'failed') {
		return { ...state, exit: EXIT.failed };
	}
	return state;
}
