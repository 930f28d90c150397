import { Box, Text } from 'ink';
import type { Failure } from '../wizard/types.js';
import { useTint } from './ui-context.js';

/** A failure: what happened, the details (problems, stderr tail), and what to do next. */
export function FailureView({ failure }: { readonly failure: Failure }) {
	const tint = useTint();
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text color={tint(failure.aborted ? 'yellow' : 'red')} bold wrap="wrap">
				{failure.aborted ? '■' : '✘'} {failure.message}
			</Text>
			{failure.details.map((line) => (
				<Box key={line} paddingLeft={2}>
					<Text wrap="wrap">{line}</Text>
				</Box>
			))}
			{failure.hint ? <Text wrap="wrap">next: {failure.hint}</Text> : null}
		</Box>
	);
}
