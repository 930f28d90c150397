import { useState } from 'react';
import {
	type InterfaceChoice,
	interfaceChoices,
	interfaceProblem,
} from '../../state/wizard/interfaces.js';
import { type Line, textLine, wrappedLines } from '../shared/fit.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { FormStep } from './form-step.js';
import type { StepProps } from './step-props.js';

const INTRO =
	"etcd listens on and advertises this interface's IPv4 address on every host; a WireGuard (wg0), PeerVPN (tap0) or private (eth1) network keeps cluster traffic off the LAN.";

/** Each host's address on `choice`: a row each when `rows` allow, else side by side. */
function addressLines(choice: InterfaceChoice, width: number, rows: number): Line[] {
	const entries = choice.addresses.map(
		(a) =>
			`${a.host.padEnd(18)}${a.address ? `${a.address}/${a.prefixLength}` : 'no IPv4 address'}`,
	);
	if (entries.length <= rows) {
		return entries.map((entry, index) => textLine(`address-${index}`, 0, `  ${entry}`));
	}
	const column = Math.max(...entries.map((entry) => entry.trimEnd().length)) + 3;
	const perRow = Math.max(1, Math.floor((width - 2) / column));
	const packed: Line[] = [];
	for (let start = 0; start < entries.length; start += perRow) {
		const row = entries.slice(start, start + perRow).map((entry) => entry.padEnd(column));
		packed.push(textLine(`address-${start}`, 0, `  ${row.join('').trimEnd()}`));
	}
	return packed;
}

/** Step 6: the interface etcd binds to on every host, with each host's address on it. */
export function InterfaceStep({ state, dispatch }: StepProps) {
	const tint = useTint();
	const { width } = useUi();
	const [highlighted, setHighlighted] = useState(state.answers.interface);
	const choices = interfaceChoices(state.answers.hosts, state.facts);
	const choice = choices.find((c) => c.name === highlighted) ?? choices[0];
	// The chosen interface's problem shows under the field; the detail explains the highlighted one.
	const problem =
		choice && choice.name !== state.answers.interface
			? interfaceProblem(choice, choice.name)
			: undefined;
	const below = (rows: number): Line[] => {
		if (!choice) {
			const none = 'No host reported an interface with an IPv4 address.';
			return [textLine('none', 0, none, { color: tint('red') })];
		}
		const problemLines = problem
			? wrappedLines(
					'problem',
					0,
					`${problem.severity === 'error' ? '✘' : '!'} ${problem.message}`,
					width,
					{ color: tint(problem.severity === 'error' ? 'red' : 'yellow') },
				)
			: [];
		return [
			textLine('gap', 0, ''),
			textLine('title', 0, `${choice.name} on each host`, { bold: true }),
			...addressLines(choice, width, rows - 2 - problemLines.length),
			...problemLines,
		];
	};
	return (
		<FormStep
			state={state}
			dispatch={dispatch}
			intro={INTRO}
			below={below}
			onHighlight={(_, value) => setHighlighted(value)}
		/>
	);
}
