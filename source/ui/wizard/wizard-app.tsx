import { useInput } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import type { Effects } from '../../state/wizard/effects.js';
import { anyRunLive } from '../../state/wizard/reduce-runs.js';
import { wizardReducer } from '../../state/wizard/reducer.js';
import type { WizardExit, WizardState } from '../../state/wizard/types.js';
import { AppShell, type ScreenOptions } from '../shared/app-shell.js';
import { useLatest } from '../shared/use-latest.js';
import { StepView } from './step-view.js';
import { useWizardEffects } from './use-wizard-effects.js';

export interface WizardAppProps extends ScreenOptions {
	readonly initial: WizardState;
	readonly effects: Effects;
	/** Called once when the wizard ends: with the exit code, or the file to re-key next. */
	readonly onExit: (exit: WizardExit) => void;
}

/**
 * The wizard: holds the state (useReducer over the pure wizardReducer), runs the effects each
 * state asks for, and shows the current step, with a host key question over it when one is
 * asked. Ctrl-C asks before stopping a provisioning run and quits anywhere else.
 */
export function WizardApp(props: WizardAppProps) {
	const { effects, onExit } = props;
	const clock = props.clock ?? Date.now;
	const [state, dispatch] = useReducer(wizardReducer, props.initial);
	const answerHostKey = useWizardEffects(state, dispatch, effects, clock);
	const latest = useLatest(state);
	useInput((input, key) => {
		if (key.ctrl && input === 'c') dispatch({ type: 'interrupt' });
		// Here rather than in the done view: this handler always listens, while a view's own starts
		// listening only after its first frame shows, so a key typed at once would be lost.
		else if (latest.current.step === 'done' && (key.return || input === 'q')) {
			dispatch({ type: 'quit' });
		}
	});
	// Keys typed before raw mode is on are mangled by the terminal's line discipline: the first
	// screen shows only after useInput's effect (declared above, so run first) has switched it on.
	const [ready, setReady] = useState(false);
	useEffect(() => setReady(true), []);
	return (
		<AppShell
			options={props}
			state={state}
			live={anyRunLive(state)}
			onAnswer={answerHostKey}
			onExit={onExit}
		>
			{(now) => (ready ? <StepView state={state} dispatch={dispatch} now={now} /> : null)}
		</AppShell>
	);
}
