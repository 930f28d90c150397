import { Box, Text } from 'ink';
import { useState } from 'react';
import { countOf } from '../../state/shared/words.js';
import { REVIEW_TABS } from '../../state/wizard/reducer.js';
import { reviewDocuments } from '../../state/wizard/review.js';
import { clusterFilePath } from '../../state/wizard/spec.js';
import { stepBlocker } from '../../state/wizard/validate.js';
import { useBodyRows } from '../shared/fit.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { useStepKeys } from '../shared/use-step-keys.js';
import { wrappedCount } from '../shared/wrap.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

/** Rows a page shows at least, however little room is left. */
const MIN_PAGE = 4;

const HINTS = 'Enter write and provision… · ←→ page · ↑↓ PgUp PgDn scroll · Esc back';
const CONFIRM_HINTS = 'y write and provision · n or Esc not yet';

/** Step 11: the answers, the cluster file to be written, one member's etcd.conf.yml. */
export function ReviewStep({ state, dispatch }: StepProps) {
	const tint = useTint();
	const { width, clock } = useUi();
	const documents = reviewDocuments(state);
	const { tab, scroll } = state.review;
	const page = documents.pages[tab as 0 | 1 | 2] ?? [];
	const blocker = stepBlocker(state);
	// Enter only asks: a second Enter typed ahead must not change hosts.
	const [confirming, setConfirming] = useState(false);
	const question = `Write ${clusterFilePath(state.answers, state.env)} and set up etcd on ${countOf(state.answers.hosts.length, 'host')} now? (y/n)`;
	// Around the page: the tabs and their margin, then the line count or the question.
	const under = confirming ? wrappedCount(question, width) : 1;
	const rows = Math.max(MIN_PAGE, useBodyRows(blocker) - 2 - under);
	const max = Math.max(0, page.length - rows);
	const scrollBy = (delta: number) => dispatch({ type: 'review-scroll', delta, max });
	useStepKeys(
		{
			back: () => (confirming ? setConfirming(false) : dispatch({ type: 'back' })),
			enter: () => setConfirming(blocker === undefined),
			other: (input, key) => {
				if (confirming) {
					if (input === 'y') dispatch({ type: 'next', at: clock() });
					else if (input === 'n') setConfirming(false);
				} else if (key.leftArrow)
					dispatch({ type: 'review-tab', tab: (tab + REVIEW_TABS - 1) % REVIEW_TABS });
				else if (key.rightArrow) dispatch({ type: 'review-tab', tab: (tab + 1) % REVIEW_TABS });
				else if (/^[1-3]$/.test(input)) dispatch({ type: 'review-tab', tab: Number(input) - 1 });
				else if (key.upArrow) scrollBy(-1);
				else if (key.downArrow) scrollBy(1);
				else if (key.pageUp) scrollBy(-rows);
				else if (key.pageDown) scrollBy(rows);
			},
		},
		{ isActive: !state.question, arrows: false },
	);
	const first = Math.min(scroll, max);
	const shown = page.slice(first, first + rows);
	return (
		<StepFrame step="review" hints={confirming ? CONFIRM_HINTS : HINTS} blocker={blocker}>
			<Box>
				{documents.titles.map((title, index) => (
					<Text
						key={title}
						inverse={index === tab}
						color={index === tab ? undefined : tint('gray')}
					>
						{` ${index + 1} ${title} `}
					</Text>
				))}
			</Box>
			<Box flexDirection="column" marginTop={1} height={rows}>
				{shown.map((line, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: a line's place in the window is its identity
					<Text key={index} wrap="truncate-end">
						{line === '' ? ' ' : line}
					</Text>
				))}
			</Box>
			{confirming ? (
				<Text bold color={tint('yellow')} wrap="wrap">
					{question}
				</Text>
			) : (
				<Text dimColor>
					{page.length > rows
						? `lines ${first + 1}-${first + shown.length} of ${page.length}`
						: `${page.length} lines`}
				</Text>
			)}
		</StepFrame>
	);
}
