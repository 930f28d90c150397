import { Box, Text } from 'ink';
import type { HealthBusy, StartMenu } from '../../state/wizard/types.js';
import { ChoiceList } from '../shared/choice-list.js';
import { FieldRow } from '../shared/field-row.js';
import { Lines, textLine, useBodyRows, wrappedLines } from '../shared/fit.js';
import { MIN_LIST } from '../shared/form-fit.js';
import { ProgressPane, paneRows } from '../shared/progress-pane.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { useStepKeys } from '../shared/use-step-keys.js';
import { tidyWrap, wrapLines } from '../shared/wrap.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

type MainChoice = Exclude<StartMenu, 'main'> | 'new' | 'quit';

const INTRO =
	'etcd-wizard sets up a TLS-secured etcd cluster on your hosts over SSH and saves every answer to a cluster file.';

const TITLES: Readonly<Record<Exclude<StartMenu, 'main'>, string>> = {
	open: 'Open which file?',
	health: 'Check which cluster?',
	rekey: 'Re-key which cluster?',
};

/** The main menu: the recent files' entries only when there are recent files. */
function mainChoices(recent: boolean): { label: string; value: MainChoice }[] {
	const withFiles: { label: string; value: MainChoice }[] = [
		{ label: 'Open a recent cluster file (change it, apply it again)', value: 'open' },
		{ label: 'Check the health of a recent cluster', value: 'health' },
		{ label: 'Re-key the certificates of a recent cluster', value: 'rekey' },
	];
	return [
		{ label: 'Set up a new etcd cluster', value: 'new' },
		...(recent ? withFiles : []),
		{ label: 'Quit', value: 'quit' },
	];
}

function hintsOf(menu: StartMenu, busy: HealthBusy | undefined): string {
	if (busy?.key === 'asking') return 'Enter check · Esc back to the files';
	return menu === 'main' ? 'Enter choose · Ctrl-C quit' : 'Enter choose · Esc back';
}

/** The passphrase of the key a health check needs, asked masked; never stored. */
function KeyQuestion({ busy, dispatch }: { busy: HealthBusy } & Pick<StepProps, 'dispatch'>) {
	const problems = busy.wrong
		? [
				{
					severity: 'error' as const,
					message: 'that passphrase does not open the key; type it again',
				},
			]
		: [];
	return (
		<Box flexDirection="column">
			<Text wrap="wrap">
				{`${busy.identityFile ?? 'The key file'} is encrypted: type its passphrase to check the health of ${busy.file}.`}
			</Text>
			<FieldRow
				field="passphrase"
				value={busy.passphrase}
				focused
				problems={problems}
				help="kept in memory for this check only, never written"
				onChange={(value) => dispatch({ type: 'start-passphrase', value })}
				onSubmit={() => dispatch({ type: 'start-unlock' })}
				onChoose={() => {}}
			/>
		</Box>
	);
}

/**
 * Step 1: a new cluster, or a recent cluster file to open again, to check the health of (its
 * key's passphrase asked first when the key is encrypted), or to re-key.
 */
export function StartStep({ state, dispatch, now }: StepProps & { readonly now: number }) {
	const { start, env } = state;
	const tint = useTint();
	const { width, color, clock } = useUi();
	const rows = useBodyRows();
	useStepKeys(
		{ back: () => dispatch({ type: 'back' }) },
		{ isActive: !state.question, arrows: false },
	);
	const busy = start.busy;
	const health = busy?.kind === 'health' ? busy : undefined;
	const error = start.error
		? [
				textLine('error-gap', 0, ''),
				...wrappedLines('error', 0, `✘ ${start.error}`, width, { color: tint('red') }),
			]
		: [];
	const intro = wrapLines(INTRO, width).length + 1;
	const files = env.recentFiles.map((file) => ({ key: file, label: file, value: file }));
	// What the menu or the check needs, the error under it, then the intro if there is room.
	const room = rows - error.length;
	const listLimit = Math.max(MIN_LIST, Math.min(files.length, room - 2));
	const checkRows = health?.key === 'ready' ? paneRows(state.connect.progress, width) : 0;
	const menuRows = start.menu === 'main' && !busy ? mainChoices(true).length : listLimit + 1;
	const showIntro = room - 1 - Math.max(menuRows, checkRows + 1) >= intro;
	return (
		<StepFrame step="start" hints={hintsOf(start.menu, health)}>
			{showIntro ? (
				<Box marginBottom={1}>
					<Text wrap="wrap">{tidyWrap(INTRO, width)}</Text>
				</Box>
			) : null}
			{health?.key === 'asking' ? (
				<KeyQuestion busy={health} dispatch={dispatch} />
			) : busy ? (
				<Text wrap="truncate-end">
					{busy.kind === 'open' ? 'Opening' : 'Checking the health of'} {busy.file}…
				</Text>
			) : start.menu === 'main' ? (
				<ChoiceList
					items={mainChoices(env.recentFiles.length > 0)}
					isFocused={!state.question}
					onSelect={(choice) => dispatch({ type: 'start-menu', choice })}
				/>
			) : (
				<>
					<Text bold>{TITLES[start.menu]}</Text>
					<ChoiceList
						items={files}
						limit={listLimit}
						wrap="truncate-middle"
						isFocused={!state.question}
						onSelect={(file) => dispatch({ type: 'start-file', file, at: clock() })}
					/>
				</>
			)}
			{health?.key === 'ready' ? (
				<ProgressPane
					state={state.connect.progress}
					now={now}
					width={width}
					color={color}
					rows={rows - 1 - (showIntro ? intro : 0)}
				/>
			) : null}
			<Lines lines={error} />
		</StepFrame>
	);
}
