import { Box, Text } from 'ink';
import { useState } from 'react';
import { interfaceChoices, interfaceProblem } from '../wizard/interfaces.js';
import { FormStep } from './form-step.js';
import { type StepProps, useTint } from './ui-context.js';

/** Step 6: the interface etcd binds to on every host, with each host's address on it. */
export function InterfaceStep({ state, dispatch }: StepProps) {
	const tint = useTint();
	const [highlighted, setHighlighted] = useState(state.answers.interface);
	const choices = interfaceChoices(state.answers.hosts, state.facts);
	const choice = choices.find((c) => c.name === highlighted) ?? choices[0];
	// The chosen interface's problem shows under the field; the detail explains the highlighted one.
	const problem =
		choice && choice.name !== state.answers.interface
			? interfaceProblem(choice, choice.name)
			: undefined;
	const intro = (
		<Text wrap="wrap">
			etcd listens on and advertises this interface's IPv4 address on every host; a WireGuard (wg0),
			PeerVPN (tap0) or private (eth1) network keeps cluster traffic off the LAN.
		</Text>
	);
	return (
		<FormStep
			state={state}
			dispatch={dispatch}
			intro={intro}
			onHighlight={(_, value) => setHighlighted(value)}
		>
			{choice ? (
				<Box flexDirection="column" marginTop={1}>
					<Text bold>{choice.name} on each host</Text>
					{choice.addresses.map((a) => (
						<Text key={a.host} wrap="truncate-end">
							{'  '}
							{a.host.padEnd(18)}
							{a.address ? `${a.address}/${a.prefixLength}` : 'no IPv4 address'}
						</Text>
					))}
					{problem ? (
						<Text color={tint(problem.severity === 'error' ? 'red' : 'yellow')} wrap="wrap">
							{problem.severity === 'error' ? '✘' : '!'} {problem.message}
						</Text>
					) : null}
				</Box>
			) : (
				<Text color={tint('red')}>No host reported an interface with an IPv4 address.</Text>
			)}
		</FormStep>
	);
}
