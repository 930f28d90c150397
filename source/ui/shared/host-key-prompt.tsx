import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { HostKeyQuestion } from '../../state/shared/types.js';
import { ChoiceList } from './choice-list.js';
import { UiContext, useTint, useUi } from './ui-context.js';
import { useStepKeys } from './use-step-keys.js';
import { tidyWrap, wrappedCount } from './wrap.js';

export interface HostKeyPromptProps {
	readonly question: HostKeyQuestion;
	/** true trusts the key and records it in known_hosts. */
	readonly onAnswer: (accept: boolean) => void;
}

const ITEMS = [
	{ key: 'no', label: 'No, do not connect to this host', value: false },
	{ key: 'yes', label: 'Yes, trust this key and record it in known_hosts', value: true },
];

const COMPARE =
	'Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` run on the host itself.';

const hostLine = (q: HostKeyQuestion) =>
	`${q.host} (port ${q.port}) has a host key this machine has not seen before.`;
const keyLine = (q: HostKeyQuestion) => `${q.keyType} key fingerprint ${q.fingerprint}`;

/** Rows the prompt takes `width` columns wide: its border, its text, its two answers. */
function hostKeyPromptRows(question: HostKeyQuestion, width: number): number {
	const inner = width - 4;
	const text = [hostLine(question), keyLine(question), COMPARE];
	return 2 + text.reduce((sum, line) => sum + wrappedCount(line, inner), 0) + ITEMS.length;
}

/** An unknown host key with its SHA256 fingerprint, to trust (y) or reject (n, Esc). */
export function HostKeyPrompt({ question, onAnswer }: HostKeyPromptProps) {
	const tint = useTint();
	const { width } = useUi();
	useStepKeys(
		{
			back: () => onAnswer(false),
			other: (input) => {
				if (input === 'y') onAnswer(true);
				else if (input === 'n') onAnswer(false);
			},
		},
		{ isActive: true, arrows: false },
	);
	return (
		<Box
			flexDirection="column"
			width={width}
			borderStyle="round"
			borderColor={tint('yellow')}
			paddingX={1}
		>
			<Text bold wrap="wrap">
				{tidyWrap(hostLine(question), width - 4)}
			</Text>
			<Text wrap="wrap">{tidyWrap(keyLine(question), width - 4)}</Text>
			<Text wrap="wrap" dimColor>
				{tidyWrap(COMPARE, width - 4)}
			</Text>
			<ChoiceList items={ITEMS} onSelect={onAnswer} />
		</Box>
	);
}

/**
 * A screen with the host key question over it while one is asked: the screen fits in the rows
 * the question leaves.
 */
export function UnderHostKeyQuestion({
	question,
	onAnswer,
	children,
}: {
	readonly question: HostKeyQuestion | undefined;
	readonly onAnswer: (accept: boolean) => void;
	readonly children: ReactNode;
}) {
	const ui = useUi();
	const asked = question ? hostKeyPromptRows(question, ui.width) : 0;
	return (
		<Box flexDirection="column">
			{question ? <HostKeyPrompt question={question} onAnswer={onAnswer} /> : null}
			<UiContext.Provider value={{ ...ui, height: ui.height - asked }}>
				{children}
			</UiContext.Provider>
		</Box>
	);
}
