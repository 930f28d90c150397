import { Box, Text } from 'ink';
import type { Problem } from '../../events/refused.js';
import type { RekeyAction, RekeyChoice, RekeyState } from '../../state/rekey/types.js';
import { ChoiceList } from '../shared/choice-list.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { wrapHanging } from '../shared/wrap.js';
import { shortFile } from './inventory.js';
import { RekeyFrame } from './rekey-frame.js';

export interface ChoiceScreenProps {
	readonly state: RekeyState;
	readonly dispatch: (action: RekeyAction) => void;
}

const MENU: readonly { readonly value: RekeyChoice; readonly label: string }[] = [
	{ value: 'renew', label: 'Renew member certificates (same CA, no restart)' },
	{ value: 'ca', label: 'Rotate the CA (rolling restarts, one member at a time)' },
	{ value: 'client', label: 'Issue a client certificate (e.g. for a kube-apiserver)' },
	{ value: 'quit', label: 'Quit' },
];

/** Problems shown before the rest are counted. */
const PROBLEMS_SHOWN = 3;

function Problems({
	problems,
	caOnly,
}: {
	readonly problems: readonly Problem[];
	readonly caOnly: number;
}) {
	const tint = useTint();
	if (problems.length === 0) return null;
	const shown = problems.slice(0, PROBLEMS_SHOWN);
	return (
		<Box flexDirection="column" marginTop={1}>
			{shown.map((p, i) => (
				<Text key={p.message} color={tint('red')} wrap="truncate-end">
					✘ {i >= problems.length - caOnly ? 'CA rotation: ' : ''}
					{p.message}
				</Text>
			))}
			{problems[0] ? <Text wrap="truncate-end">next: {problems[0].hint}</Text> : null}
			{problems.length > shown.length ? (
				<Text dimColor>and {problems.length - shown.length} more</Text>
			) : null}
		</Box>
	);
}

/** The menu: what the inventory says in two lines, the four choices, what stops a re-key. */
export function MenuScreen({ state, dispatch }: ChoiceScreenProps) {
	const { overview } = state;
	if (!overview) return null;
	const soonest = [...overview.inventory.entries].sort((a, b) => a.daysLeft - b.daysLeft)[0];
	const renewal = overview.problems;
	const caOnly = overview.caProblems.filter(
		(p) => !renewal.some((r) => r.message === p.message && r.host === p.host),
	);
	return (
		<RekeyFrame
			title="What to do"
			cluster={state.cluster}
			hints="↑↓ Enter choose · Esc back to the inventory"
			blocker={state.blocker}
		>
			<Text wrap="truncate-end">
				Members: {overview.members.join(', ') || 'none (no host has the cluster interface)'}
			</Text>
			{soonest ? (
				<Text wrap="truncate-end">
					Ends first: {soonest.location} {shortFile(soonest)}, in {soonest.daysLeft} days
				</Text>
			) : null}
			<Box marginTop={1}>
				<ChoiceList
					items={MENU}
					initialIndex={Math.max(
						0,
						MENU.findIndex((m) => m.value === state.choice),
					)}
					onSelect={(choice) => dispatch({ type: 'choose', choice })}
				/>
			</Box>
			<Problems problems={[...renewal, ...caOnly]} caOnly={caOnly.length} />
		</RekeyFrame>
	);
}

/** The members to renew: a tick each, all ticked at first (or those given with --member). */
export function MembersScreen({ state }: { readonly state: RekeyState }) {
	const tint = useTint();
	const members = state.overview?.members ?? [];
	const entries = state.overview?.inventory.entries ?? [];
	const daysOf = (name: string, file: string) =>
		entries.find((e) => e.location === name && e.file.endsWith(`/${file}`))?.daysLeft;
	return (
		<RekeyFrame
			title="Renew member certificates"
			cluster={state.cluster}
			hints="Space tick · a all/none · Enter show the plan · Esc back"
			blocker={state.blocker}
		>
			<Text>New server and peer certificates, same CA, no restart, for:</Text>
			<Box flexDirection="column" marginTop={1}>
				{members.map((name, i) => {
					const here = i === state.memberCursor;
					const server = daysOf(name, 'server.crt');
					const peer = daysOf(name, 'peer.crt');
					return (
						<Text
							key={name}
							color={here ? tint('cyan') : undefined}
							bold={here}
							wrap="truncate-end"
						>
							{here ? '❯ ' : '  '}
							{state.chosen.includes(name) ? '[x] ' : '[ ] '}
							{name.padEnd(16)} server {server ?? '-'} days, peer {peer ?? '-'} days left
						</Text>
					);
				})}
			</Box>
			<Box marginTop={1}>
				<Text dimColor>
					{state.chosen.length} of {members.length} chosen
				</Text>
			</Box>
		</RekeyFrame>
	);
}

/** The plan, as the headless command prints it, and the question. */
export function PlanScreen({ state, plan }: { readonly state: RekeyState; readonly plan: string }) {
	const tint = useTint();
	const { width } = useUi();
	return (
		<RekeyFrame
			title={state.mode === 'ca' ? 'Plan: rotate the CA' : 'Plan: renew member certificates'}
			cluster={state.cluster}
			hints="y or Enter go ahead · n or Esc back"
		>
			{plan.split('\n').map((line) => (
				// A wrapped line keeps its indent: the plan's steps stay readable at 80 columns.
				<Text key={line}>{wrapHanging(line, width).join('\n')}</Text>
			))}
			<Box marginTop={1}>
				<Text bold color={tint('yellow')}>
					Go ahead? (y/n)
				</Text>
			</Box>
		</RekeyFrame>
	);
}
