import { render } from 'ink-testing-library';
import { useReducer } from 'react';
import type { Effects } from '../../source/state/wizard/effects.js';
import { wizardReducer } from '../../source/state/wizard/reducer.js';
import type { WizardExit, WizardState } from '../../source/state/wizard/types.js';
import { UiContext } from '../../source/ui/shared/ui-context.js';
import { StepView } from '../../source/ui/wizard/step-view.js';
import { WizardApp } from '../../source/ui/wizard/wizard-app.js';
import { SCREEN, T0 } from './ink.js';

const UI = { ...SCREEN, color: false };

interface HarnessProps {
	readonly initial: WizardState;
	readonly latest: { state: WizardState };
}

function Harness({ initial, latest }: HarnessProps) {
	const [state, dispatch] = useReducer(wizardReducer, initial);
	latest.state = state;
	return (
		<UiContext.Provider value={UI}>
			<StepView state={state} dispatch={dispatch} now={T0} />
		</UiContext.Provider>
	);
}

/**
 * Renders the current step's view over the real reducer, without effects: what the keys do
 * shows in the frames, and `state()` tells where the reducer is.
 */
export function renderStep(initial: WizardState) {
	const latest = { state: initial };
	const view = render(<Harness initial={initial} latest={latest} />);
	return { ...view, state: () => latest.state };
}

/** Renders the whole app at 80x24 without colour on the test clock; `exits` collects its ends. */
export function renderApp(initial: WizardState, effects: Effects) {
	const exits: WizardExit[] = [];
	const view = render(
		<WizardApp
			initial={initial}
			effects={effects}
			onExit={(code) => exits.push(code)}
			{...SCREEN}
			color={false}
		/>,
	);
	return { view, exits };
}
