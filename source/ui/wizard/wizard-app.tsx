import { useInput } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { Effects } from '../../state/wizard/effects.js';
import { anyRunLive } from '../../state/wizard/reduce-runs.js';
import { wizardReducer } from '../../state/wizard/reducer.js';
import type { WizardExit, WizardState } from '../../state/wizard/types.js';
import { UnderHostKeyQuestion } from '../shared/host-key-prompt.js';
import { screenUi, useExit, useNow, useTerminalSize } from '../shared/screen-hooks.js';
import { UiContext } from '../shared/ui-context.js';
import { StepView } from './step-view.js';
import { useWizardEffects } from './use-wizard-effects.js';

export interface WizardAppProps {
	readonly initial: WizardState;
	readonly effects: Effects;
	/** Called once when the wizard ends: with the exit code, or the file to re-key next. */
	readonly onExit: (exit: WizardExit) => void;
	/** The clock of spinners, elapsed times and event stamps; Date.now by default. */
	readonly clock?: () => number;
	/** Size to fit; the terminal's (redrawn on resize) by default. */
	readonly width?: number;
	readonly height?: number;
	readonly color?: boolean;
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
	const size = useTerminalSize();
	const now = useNow(anyRunLive(state), clock);
	const latest = useRef(state);
	latest.current = state;
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
	useExit(state.exit, onExit);
	return (
		<UiContext.Provider value={screenUi(props, size, clock)}>
			<UnderHostKeyQuestion question={state.question} onAnswer={answerHostKey}>
				{ready ? <StepView state={state} dispatch={dispatch} now={now} /> : null}
			</UnderHostKeyQuestion>
		</UiContext.Provider>
	);
}
