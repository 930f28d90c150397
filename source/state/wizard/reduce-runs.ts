import type { HostFacts } from '../../shell/facts.js';
import {
	anyLive,
	awaited,
	EXIT,
	failRun,
	interruptRun,
	nextRun,
	reduceRunEvent,
} from '../shared/runs.js';
import type { RunName, WizardAction } from './actions.js';
import { interfaceChoices } from './interfaces.js';
import { tunedAnswers } from './preflight.js';
import { clusterFilePath } from './spec.js';
import type { WizardState } from './types.js';

/** The wizard's runs; each may ask a host key question. */
const RUNS: readonly RunName[] = ['connect', 'preflight', 'provision'];

/** Whether any of the wizard's runs is under way (probing, health check, preflight, provisioning). */
export function anyRunLive(state: WizardState): boolean {
	return anyLive(state, RUNS);
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
		case 'run-event':
		case 'host-key-asked':
		case 'host-key-answered':
			return reduceRunEvent(state, action, RUNS);
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
function usableInterface(state: WizardState, facts: ReadonlyMap<string, HostFacts>): string {
	const choices = interfaceChoices(state.answers.hosts, facts);
	if (choices.some((c) => c.name === state.answers.interface)) return state.answers.interface;
	return choices.find((c) => c.missingOn.length === 0)?.name ?? state.answers.interface;
}

function runFailed(state: WizardState, action: Extract<RunAction, { type: 'run-failed' }>) {
	if (!awaited(state, action.run, action.attempt)) return state;
	const failed = failRun(state, action.run, action.failure);
	if (action.run !== 'connect' || state.step !== 'start') return failed;
	const { failure } = action;
	const error = failure.hint ? `${failure.message}\nnext: ${failure.hint}` : failure.message;
	return { ...failed, start: { menu: 'main' as const, error } };
}

function retry(state: WizardState, at: number): WizardState {
	const names = state.answers.hosts.map((h) => h.name);
	if (state.step === 'connect' && state.connect.status === 'failed') {
		return { ...state, connect: nextRun(state.connect, names, at) };
	}
	if (state.step === 'provision' && state.provision.status === 'failed') {
		const run = nextRun(state.provision, names, at);
		return { ...state, provision: { ...run, confirmStop: false } };
	}
	return state;
}

/** Ctrl-C: asks before stopping a provisioning run; anywhere else (or asked twice) it quits. */
export function interrupt(state: WizardState): WizardState {
	if (state.step !== 'provision') return { ...state, exit: EXIT.interrupted };
	return interruptRun(state, 'provision');
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
