import { Box, Text } from 'ink';
import type { KeyInputAction, KeyUnlock } from '../../state/shared/key-unlock.js';
import { FieldRow } from './field-row.js';

export interface PassphrasePromptProps {
	readonly unlock: KeyUnlock;
	/** What the key is for, ending the question: "connect to the 3 hosts of cluster lab". */
	readonly purpose: string;
	readonly dispatch: (action: KeyInputAction) => void;
}

const WRONG = [
	{ severity: 'error' as const, message: 'that passphrase does not open the key; type it again' },
];

/**
 * The passphrase of an encrypted identity file, asked masked (the wizard's field, so it looks
 * the same everywhere); while the key is being checked, a line saying so. Never stored.
 */
export function PassphrasePrompt({ unlock, purpose, dispatch }: PassphrasePromptProps) {
	if (unlock.status !== 'asking') return <Text>Reading the SSH key…</Text>;
	return (
		<Box flexDirection="column">
			<Text wrap="wrap">
				{`${unlock.identityFile ?? 'The key file'} is encrypted: type its passphrase to ${purpose}.`}
			</Text>
			<Box marginTop={1}>
				<FieldRow
					field="passphrase"
					value={unlock.passphrase}
					focused
					problems={unlock.wrong ? WRONG : []}
					help="kept in memory while this runs, never written"
					onChange={(value) => dispatch({ type: 'key-typed', value })}
					onSubmit={() => dispatch({ type: 'key-submitted' })}
					onChoose={() => {}}
				/>
			</Box>
		</Box>
	);
}
