import { initialProgress } from '../../events/progress-state.js';
import type { StoredAnswers } from '../../store/types.js';
import { defaultAnswers } from '../wizard/answers.js';
import type { RunState, WizardEnv, WizardState } from '../wizard/types.js';

/** A run that has not started, or a fresh one for `nodes` when `attempt` is given. */
export function runState(attempt = 0, nodes: readonly string[] = [], at = 0): RunState {
	return {
		status: attempt === 0 ? 'idle' : 'running',
		attempt,
		progress: initialProgress(nodes, at),
	};
}

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
		facts: {},
		preflight: runState(),
		review: { tab: 0, scroll: 0 },
		provision: { ...runState(), confirmStop: false },
	};
}
