import type { StoredAnswers } from '../../store/types.js';
import { runState } from '../shared/runs.js';
import { defaultAnswers } from './answers.js';
import type { WizardEnv, WizardState } from './types.js';

/** What the wizard starts from: the start menu, the defaults and the last run's answers. */
export function initialWizardState(
	env: WizardEnv,
	options: { readonly dir?: string; readonly stored?: StoredAnswers } = {},
): WizardState {
	const answers = defaultAnswers(env, options.dir ?? '', options.stored ?? {});
	return {
		step: 'start',
		env,
		answers,
		defaults: answers,
		focus: 0,
		start: { menu: 'main' },
		identityCheck: { status: 'idle', attempt: 0 },
		hostCursor: 0,
		connect: runState(),
		facts: new Map(),
		preflight: runState(),
		review: { tab: 0, scroll: 0 },
		provision: { ...runState(), confirmStop: false },
	};
}
