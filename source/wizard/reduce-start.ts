import type { WizardAction } from './actions.js';
import { answersFromSpec } from './answers.js';
import { runState } from './initial.js';
import { EXIT } from './reduce-runs.js';
import type { WizardState } from './types.js';

type StartAction = Extract<
	WizardAction,
	{ type: 'start-menu' | 'start-file' | 'cluster-opened' | 'start-failed' }
>;

/** The start step: a new cluster, or a recent file to open or check the health of. */
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
			const busy = { kind: start.menu, file: action.file };
			if (start.menu === 'open') return { ...state, start: { ...start, busy, error: undefined } };
			const connect = runState(state.connect.attempt + 1, [], action.at ?? 0);
			return { ...state, connect, start: { ...start, busy, error: undefined } };
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
