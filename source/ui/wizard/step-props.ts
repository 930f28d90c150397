import type { WizardAction } from '../../state/wizard/actions.js';
import type { WizardState } from '../../state/wizard/types.js';

/** Props of every step view. */
export interface StepProps {
	readonly state: WizardState;
	readonly dispatch: (action: WizardAction) => void;
}
