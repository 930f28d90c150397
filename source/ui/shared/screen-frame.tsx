import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTint, useUi } from './ui-context.js';

export interface ScreenFrameProps {
	/** The header's title, on the left. */
	readonly title: string;
	/** What the header shows on the right (the step count, the cluster). */
	readonly aside: string;
	/** Keys this view takes, e.g. "Enter next · Esc back". */
	readonly hints: string;
	/** A line under the body: why the screen cannot go on, in red. */
	readonly blocker?: string | undefined;
	readonly children: ReactNode;
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
