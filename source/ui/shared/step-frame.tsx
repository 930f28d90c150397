import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { STEPS, type StepId } from '../../state/wizard/types.js';
import { useTint, useUi } from './ui-context.js';

/** The title of each step, as the header shows it. */
export const STEP_TITLES: Readonly<Record<StepId, string>> = {
	start: 'Start',
	name: 'Name and directory',
	ssh: 'SSH login',
	hosts: 'Hosts',
	connect: 'Connect',
	interface: 'Cluster interface',
	ports: 'Ports',
	owner: 'User and group',
	release: 'etcd release and source',
	tuning: 'Tuning',
	review: 'Review',
	provision: 'Provisioning',
	done: 'Done',
};

export interface StepFrameProps {
	readonly step: StepId;
	/** Keys this view takes, e.g. "Enter next · Esc back". */
	readonly hints: string;
	/** A line under the body: why the step cannot go on, in red. */
	readonly blocker?: string | undefined;
	readonly children: ReactNode;
}

/** Header (title and step count), the step's body, an optional blocker line, the key hints. */
export function StepFrame({ step, ...rest }: StepFrameProps) {
	const count = `step ${STEPS.indexOf(step) + 1} of ${STEPS.length}`;
	return <ScreenFrame title={`etcd-wizard · ${STEP_TITLES[step]}`} aside={count} {...rest} />;
}

export interface ScreenFrameProps extends Omit<StepFrameProps, 'step'> {
	/** The header's title, on the left. */
	readonly title: string;
	/** What the header shows on the right (the step count, the cluster). */
	readonly aside: string;
}

/** The frame every screen shares: header, body, an optional blocker line, the key hints. */
export function ScreenFrame({ title, aside, hints, blocker, children }: ScreenFrameProps) {
	const { width } = useUi();
	const tint = useTint();
	return (
		<Box flexDirection="column" width={width}>
			<Box justifyContent="space-between">
				<Text bold color={tint('cyan')} wrap="truncate-end">
					{title}
				</Text>
				<Text dimColor>{aside}</Text>
			</Box>
			<Box flexDirection="column" marginTop={1}>
				{children}
			</Box>
			{blocker ? (
				<Text color={tint('red')} wrap="wrap">
					✘ {blocker}
				</Text>
			) : null}
			<Box marginTop={1}>
				<Text dimColor wrap="truncate-end">
					{hints}
				</Text>
			</Box>
		</Box>
	);
}
