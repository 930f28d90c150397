import { nextRun } from '../shared/runs.js';
import type { WizardAction } from './actions.js';
import { fieldIndex } from './fields.js';
import { idleIdentityCheck, keyFileField, startIdentityCheck } from './identity-check.js';
import { STEPS, type StepId, type WizardState } from './types.js';
import { stepBlocker } from './validate.js';

function stepAfter(step: StepId): StepId {
	return STEPS[STEPS.indexOf(step) + 1] ?? step;
}

function stepBefore(step: StepId): StepId {
	return STEPS[STEPS.indexOf(step) - 1] ?? step;
}

/**
 * The preflight started afresh: the answers it checks may have changed since the last one.
 * The last report stays until the new one comes: its advice tells which timing values the
 * wizard filled in (and may replace) from the ones the operator typed.
 */
function checkAgain(state: WizardState, at: number): WizardState {
	const { report } = state.preflight;
	const run = nextRun(state.preflight, [], at);
	return { ...state, preflight: { ...run, ...(report ? { report } : {}) } };
}

/** The state on arriving at `step` going forward: the step's run starts, if it has one. */
function arrive(state: WizardState, step: StepId, at: number): WizardState {
	const moved = { ...state, step, focus: 0 };
	const names = state.answers.hosts.map((h) => h.name);
	switch (step) {
		case 'connect':
			// New hosts, new facts: what was gathered for the old list no longer holds.
			return { ...moved, facts: new Map(), connect: nextRun(state.connect, names, at) };
		case 'tuning':
			return checkAgain(moved, at);
		case 'review':
			return { ...moved, review: { tab: 0, scroll: 0 } };
		case 'provision': {
			const run = nextRun(state.provision, names, at);
			return { ...moved, provision: { ...run, confirmStop: false } };
		}
		default:
			return moved;
	}
}

/**
 * Forward, when nothing on the current step stops it; else the same state. The SSH step is
 * left only once its key file was checked (`identity-checked`).
 */
export function goNext(state: WizardState, at = 0): WizardState {
	const fixed: readonly StepId[] = ['start', 'provision', 'done'];
	if (state.question || fixed.includes(state.step) || stepBlocker(state)) return state;
	if (state.step === 'ssh') {
		const checking = startIdentityCheck(state);
		if (checking) return checking;
	}
	return arrive(state, stepAfter(state.step), at);
}

/**
 * The answer of the SSH step's key check: on to the hosts when the key opens, else back to
 * the field that says why: the key file's when it holds no key, else the passphrase's. A late
 * answer (the key or passphrase changed, or the step was left since) is ignored.
 */
export function identityChecked(
	state: WizardState,
	action: Extract<WizardAction, { type: 'identity-checked' }>,
): WizardState {
	const { identityCheck } = state;
	if (state.step !== 'ssh' || identityCheck.status !== 'checking') return state;
	if (action.attempt !== identityCheck.attempt) return state;
	const { check } = action;
	if (check.status === 'ok') return arrive(idleIdentityCheck(state), 'hosts', 0);
	const field = check.status === 'unusable' ? keyFileField(state.answers) : 'passphrase';
	const focus = fieldIndex(state, field) ?? state.focus;
	const reason = check.status === 'unusable' ? { reason: check.reason } : {};
	return { ...state, focus, identityCheck: { ...identityCheck, status: check.status, ...reason } };
}

/**
 * Back one step (or out of a menu or the host form), keeping every answer. Back at the tuning
 * step after checks that failed (or could not run), they run again: the fix may be made.
 */
export function goBack(state: WizardState, at = 0): WizardState {
	if (state.question) return state;
	switch (state.step) {
		case 'start': {
			const { menu, busy } = state.start;
			// Out of the passphrase question: back to the files, the passphrase forgotten.
			if (busy?.kind === 'health' && busy.key === 'asking') return { ...state, start: { menu } };
			if (menu === 'main' || busy) return state;
			return { ...state, start: { menu: 'main' } };
		}
		case 'hosts':
			if (state.draft) return { ...state, draft: undefined };
			break;
		case 'connect':
			if (state.connect.status === 'running') {
				// The app aborts the probe when the step changes; its late result is ignored.
				return { ...state, step: 'hosts', focus: 0, connect: { ...state.connect, status: 'idle' } };
			}
			break;
		case 'provision':
			if (state.provision.status !== 'failed') return state;
			break;
		case 'done':
			return state;
		default:
			break;
	}
	const step = stepBefore(state.step);
	const start = step === 'start' ? { start: { menu: 'main' as const } } : {};
	// A key check still running is dropped: its answer would move on from the step left.
	const moved: WizardState = { ...idleIdentityCheck(state), step, focus: 0, ...start };
	const { status, report } = state.preflight;
	const again = step === 'tuning' && (status === 'failed' || report?.ok === false);
	return again ? checkAgain(moved, at) : moved;
}
