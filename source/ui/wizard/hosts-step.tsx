import { Box, Text } from 'ink';
import { countOf } from '../../state/shared/words.js';
import { hostsProblems, stepBlocker } from '../../state/wizard/validate.js';
import { ChoiceList } from '../shared/choice-list.js';
import { Lines, textLine, useBodyRows, wrappedLines } from '../shared/fit.js';
import { MIN_LIST } from '../shared/form-fit.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { useStepKeys } from '../shared/use-step-keys.js';
import { tidyWrap, wrappedCount } from '../shared/wrap.js';
import { HostForm } from './host-form.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

const ADD = -1;
const CONTINUE = -2;

/** Rows the host form takes at most: title, two fields, help and a problem of two rows. */
const FORM_ROWS = 7;

const WHY_ODD =
	'3, 5 or 7 members: a cluster of n survives (n-1)/2 failed members, so 4 survives no more than 3 does, and every write waits for a majority.';

/** Step 4: the hosts, added, edited (Enter) and removed (x) one by one. */
export function HostsStep({ state, dispatch }: StepProps) {
	const tint = useTint();
	const { clock, width } = useUi();
	const { hosts } = state.answers;
	const problems = hostsProblems(state);
	const active = !state.question;
	useStepKeys(
		{
			back: () => dispatch({ type: 'back' }),
			next: () => dispatch({ type: 'focus', to: 'next' }),
			prev: () => dispatch({ type: 'focus', to: 'prev' }),
			other: (input, key) => {
				if (state.draft || state.hostCursor >= hosts.length) return;
				if (input === 'x' || key.delete) dispatch({ type: 'host-remove', index: state.hostCursor });
			},
		},
		{ isActive: active, arrows: state.draft !== undefined },
	);
	const items = [
		...hosts.map((h, i) => {
			const problem = problems.hosts[i]?.[0];
			return {
				key: `${i}`,
				label: `${h.name.padEnd(16)} ${h.address}${problem ? `  ✘ ${problem}` : ''}`,
				value: i,
			};
		}),
		{ key: 'add', label: '+ add a host', value: ADD },
		{ key: 'continue', label: `continue with ${countOf(hosts.length, 'host')} →`, value: CONTINUE },
	];
	// The list's entries after the hosts: "add" rests at hosts.length, "continue" one further.
	const cursorOf = (value: number) => (value >= 0 ? value : hosts.length + (value === ADD ? 0 : 1));
	const select = (value: number) => {
		if (value === CONTINUE) dispatch({ type: 'next', at: clock() });
		else dispatch({ type: 'host-edit', ...(value === ADD ? {} : { index: value }) });
	};
	const hints = state.draft
		? 'Enter next/save · ↑↓ fields · Esc cancel'
		: 'Enter edit/choose · x remove · Esc back · Ctrl-C quit';
	const warnings = problems.list.filter((p) => p.severity === 'warning');
	const blocker = state.draft || hosts.length === 0 ? undefined : stepBlocker(state);
	const rows = useBodyRows(blocker);
	const warningLines = warnings.flatMap((w, index) =>
		wrappedLines(`warning-${index}`, 0, `! ${w.message}`, width, { color: tint('yellow') }),
	);
	const below = warningLines.length > 0 ? [textLine('gap', 0, ''), ...warningLines] : [];
	// The list scrolls when long; the note on odd sizes shows when there is room for it.
	const listLimit = Math.max(MIN_LIST, Math.min(items.length, rows - below.length));
	const listRows = state.draft ? FORM_ROWS : listLimit;
	const showWhy = rows - below.length - listRows >= wrappedCount(WHY_ODD, width) + 1;
	return (
		<StepFrame step="hosts" hints={hints} blocker={blocker}>
			{showWhy ? (
				<Box marginBottom={1}>
					<Text wrap="wrap">{tidyWrap(WHY_ODD, width)}</Text>
				</Box>
			) : null}
			<Box flexDirection="column">
				{state.draft ? (
					<HostForm
						state={state}
						dispatch={dispatch}
						draft={state.draft}
						problems={problems.draft}
					/>
				) : (
					<ChoiceList
						key={hosts.map((h) => h.name).join(',')}
						items={items}
						initialIndex={Math.min(state.hostCursor, items.length - 1)}
						limit={listLimit}
						isFocused={active}
						onHighlight={(value) => dispatch({ type: 'host-cursor', index: cursorOf(value) })}
						onSelect={select}
					/>
				)}
			</Box>
			<Lines lines={below} />
		</StepFrame>
	);
}
