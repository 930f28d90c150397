import { EXIT, nextRun } from '../shared/runs.js';
import type { WizardAction } from './actions.js';
import { answersFromSpec } from './answers.js';
import type { HealthBusy, WizardState } from './types.js';

type StartAction = Extract<
	WizardAction,
	{
		type:
			| 'start-menu'
			| 'start-file'
			| 'cluster-opened'
			| 'start-failed'
			| 'key-checked'
			| 'start-passphrase'
			| 'start-unlock';
	}
>;

/**
 * The start step: a new cluster, or a recent file to open, to check the health of (asking the
 * key's passphrase first when the key is encrypted), or to hand to the re-key screen.
 */
export function reduceStart(state: WizardState, action: StartAction): WizardState {
	if (state.step !== 'start') return state;
	const { start } = state;
	switch (action.type) {
		case 'start-menu':
			if (start.menu !== 'main' || start.busy) return state;
			if (action.choice === 'quit') return { ...state, exit: EXIT.ok };
			if (action.choice === 'new') {
				const answers = state.base ? state.defaults : state.answers;
				return {
					...state,
					step: 'name',
					focus: 0,
					answers,
					base: undefined,
					start: { menu: 'main' },
				};
			}
			if (state.env.recentFiles.length === 0) return state;
			return { ...state, start: { menu: action.choice } };
		case 'start-file': {
			if (start.menu === 'main' || start.busy) return state;
			if (!state.env.recentFiles.includes(action.file)) return state;
			if (start.menu === 'rekey') return { ...state, exit: { rekey: action.file } };
			const { file } = action;
			const busy =
				start.menu === 'open'
					? { kind: 'open' as const, file }
					: { kind: 'health' as const, file, key: 'checking' as const, passphrase: '' };
			return { ...state, start: { ...start, busy, error: undefined } };
		}
		case 'key-checked':
			return keyChecked(state, action);
		case 'start-passphrase':
		case 'start-unlock': {
			const busy = start.busy;
			if (busy?.kind !== 'health' || busy.key !== 'asking') return state;
			const next: HealthBusy =
				action.type === 'start-passphrase'
					? { ...busy, passphrase: action.value }
					: { ...busy, key: 'checking' };
			return { ...state, start: { ...start, busy: next } };
		}
		case 'cluster-opened': {
			if (start.busy?.kind !== 'open' || start.busy.file !== action.file) return state;
			const answers = answersFromSpec(action.spec, action.file, state.env);
			return {
				...state,
				step: 'name',
				focus: 0,
				answers,
				base: action.spec,
				start: { menu: 'main' },
			};
		}
		case 'start-failed':
			if (!start.busy) return state;
			return { ...state, start: { menu: 'main', error: action.message } };
	}
}

/** The key opens: the health check starts; else its passphrase is asked (again). */
function keyChecked(
	state: WizardState,
	action: Extract<StartAction, { type: 'key-checked' }>,
): WizardState {
	const { start } = state;
	const busy = start.busy;
	if (busy?.kind !== 'health' || busy.key !== 'checking' || busy.file !== action.file) {
		return state;
	}
	const { check } = action;
	if (check.status === 'ok') {
		const connect = nextRun(state.connect, [], action.at ?? 0);
		return { ...state, connect, start: { ...start, busy: { ...busy, key: 'ready' } } };
	}
	const asking: HealthBusy = {
		...busy,
		key: 'asking',
		passphrase: '',
		identityFile: check.identityFile,
		wrong: check.status === 'wrong',
	};
	return { ...state, start: { ...start, busy: asking } };
}
