import { Box, Text } from 'ink';
import type { HealthViewState } from '../../state/health/reducer.js';
import type { KeyInputAction } from '../../state/shared/key-unlock.js';
import { FailureView } from '../shared/failure-view.js';
import { PassphrasePrompt } from '../shared/passphrase-prompt.js';
import { UiContext } from '../shared/ui-context.js';

export interface HealthReachViewProps {
	readonly state: HealthViewState;
	/** What the key opens, ending the question: "check the health of cluster lab (3 hosts)". */
	readonly purpose: string;
	readonly width: number;
	readonly height: number;
	readonly color: boolean;
	readonly dispatch: (action: KeyInputAction) => void;
}

const HINTS: Readonly<Record<HealthViewState['reach'], string>> = {
	key: 'Ctrl-C quit',
	connecting: 'q quit',
	failed: 'r try again · q quit',
	connected: 'q quit',
};

/** Before the first pass: the key's passphrase asked, the hosts being connected, or why not. */
export function HealthReachView({ state, purpose, dispatch, ...ui }: HealthReachViewProps) {
	const asking = state.reach === 'key' && state.key.status === 'asking';
	const hints = asking ? 'Enter unlock · Esc quit' : HINTS[state.reach];
	return (
		<UiContext.Provider value={{ ...ui, clock: Date.now }}>
			<Box flexDirection="column" width={ui.width}>
				{state.reach === 'key' ? (
					<PassphrasePrompt unlock={state.key} purpose={purpose} dispatch={dispatch} />
				) : state.connectFailure ? (
					<FailureView failure={state.connectFailure} />
				) : (
					<Text>connecting to the hosts…</Text>
				)}
				<Box marginTop={1}>
					<Text dimColor>{hints}</Text>
				</Box>
			</Box>
		</UiContext.Provider>
	);
}
