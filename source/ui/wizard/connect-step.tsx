import type { HostFacts } from '../../shell/facts.js';
import { textLine, useBodyRows, wrappedLines } from '../shared/fit.js';
import { RunView } from '../shared/run-view.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { useStepKeys } from '../shared/use-step-keys.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

/**
 * One host's facts in a line: interfaces with IPv4 first (the next step picks one, and a long
 * OS name must not push them off an 80-column line), then init, architecture and OS.
 */
export function factsLine(facts: HostFacts): string {
	const interfaces = facts.interfaces
		.filter((i) => i.name !== 'lo' && i.ipv4.length > 0)
		.map((i) => `${i.name} ${i.ipv4[0]?.address}`);
	const init = facts.systemd ? 'systemd' : 'NO systemd';
	return [...interfaces, init, facts.arch, facts.os].join(', ');
}

const HINTS = {
	running: 'Esc back to the hosts (stops connecting) · Ctrl-C quit',
	done: 'Enter next · Esc back · Ctrl-C quit',
	failed: 'Enter try again · Esc back to the hosts · Ctrl-C quit',
} as const;

/** Step 5: every host at once, a live line each, then what each host is. */
export function ConnectStep({ state, dispatch, now }: StepProps & { readonly now: number }) {
	const tint = useTint();
	const { width, clock } = useUi();
	const rows = useBodyRows();
	const { connect } = state;
	useStepKeys(
		{
			back: () => dispatch({ type: 'back' }),
			enter: () => {
				if (connect.status === 'failed') dispatch({ type: 'retry', at: clock() });
				else dispatch({ type: 'next' });
			},
		},
		{ isActive: !state.question, arrows: false },
	);
	const status =
		connect.status === 'done' || connect.status === 'failed' ? connect.status : 'running';
	const noSystemd = state.answers.hosts.filter((h) => state.facts.get(h.name)?.systemd === false);
	const warning = `! ${noSystemd.map((h) => h.name).join(', ')} ${noSystemd.length === 1 ? 'does' : 'do'} not run systemd: the preflight will refuse to install there.`;
	const facts =
		status === 'done'
			? [
					textLine('facts-gap', 0, ''),
					...state.answers.hosts.map((h) => {
						const found = state.facts.get(h.name);
						const text = `${h.name.padEnd(12)} ${found ? factsLine(found) : 'no facts'}`;
						return textLine(`facts-${h.name}`, 0, text);
					}),
					...(noSystemd.length > 0
						? wrappedLines('no-systemd', 0, warning, width, { color: tint('yellow') })
						: []),
				]
			: [];
	return (
		<StepFrame step="connect" hints={HINTS[status]}>
			<RunView
				progress={connect.progress}
				failure={connect.failure}
				now={now}
				rows={rows}
				between={facts}
			/>
		</StepFrame>
	);
}
