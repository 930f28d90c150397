import { Box, Text } from 'ink';
import { ChoiceList } from './choice-list.js';
import { ProgressPane } from './progress-pane.js';
import { StepFrame } from './step-frame.js';
import { type StepProps, useTint, useUi } from './ui-context.js';
import { useStepKeys } from './use-step-keys.js';

type MainChoice = 'new' | 'open' | 'health' | 'quit';

/** Step 1: a new cluster, or a recent cluster file to open again or to check the health of. */
export function StartStep({ state, dispatch, now }: StepProps & { readonly now: number }) {
	const { start, env } = state;
	const tint = useTint();
	const { width, color, clock } = useUi();
	useStepKeys(
		{ back: () => dispatch({ type: 'back' }) },
		{ isActive: !state.question, arrows: false },
	);
	const recent = env.recentFiles.length > 0;
	const main: { label: string; value: MainChoice }[] = [
		{ label: 'Set up a new etcd cluster', value: 'new' },
		...(recent
			? [
					{
						label: 'Open a recent cluster file (change it, apply it again)',
						value: 'open' as const,
					},
					{ label: 'Check the health of a recent cluster', value: 'health' as const },
				]
			: []),
		{ label: 'Quit', value: 'quit' },
	];
	const files = env.recentFiles.map((file) => ({ key: file, label: file, value: file }));
	const busy = start.busy;
	return (
		<StepFrame
			step="start"
			hints={start.menu === 'main' ? 'Enter choose · Ctrl-C quit' : 'Enter choose · Esc back'}
		>
			<Text wrap="wrap">
				etcd-wizard sets up a TLS-secured etcd cluster on your hosts over SSH and saves every answer
				to a cluster file.
			</Text>
			<Box marginTop={1} flexDirection="column">
				{busy ? (
					<Text>
						{busy.kind === 'open' ? 'Opening' : 'Checking the health of'} {busy.file}…
					</Text>
				) : start.menu === 'main' ? (
					<ChoiceList
						items={main}
						isFocused={!state.question}
						onSelect={(choice) => dispatch({ type: 'start-menu', choice })}
					/>
				) : (
					<>
						<Text bold>{start.menu === 'open' ? 'Open which file?' : 'Check which cluster?'}</Text>
						<ChoiceList
							items={files}
							isFocused={!state.question}
							onSelect={(file) => dispatch({ type: 'start-file', file, at: clock() })}
						/>
					</>
				)}
			</Box>
			{busy?.kind === 'health' ? (
				<ProgressPane state={state.connect.progress} now={now} width={width} color={color} />
			) : null}
			{start.error ? (
				<Box marginTop={1}>
					<Text color={tint('red')} wrap="wrap">
						✘ {start.error}
					</Text>
				</Box>
			) : null}
		</StepFrame>
	);
}
