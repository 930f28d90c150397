import chalk from 'chalk';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WizardState } from '../../../../source/state/wizard/types.js';
import { WizardApp } from '../../../../source/ui/wizard/wizard-app.js';
import { waitFor } from '../../../support/ink.js';
import { fakeEffects } from '../../state/wizard/fake-effects.js';
import { stateAt } from '../../state/wizard/fixtures.js';

// The test's stdout is no terminal, so chalk would draw nothing; pretend it is a colour one.
const level = chalk.level;
beforeAll(() => {
	chalk.level = 3;
});
afterAll(() => {
	chalk.level = level;
});
afterEach(cleanup);

/** SGR codes that set a foreground or background colour (bold, dim and inverse are no colour). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every SGR code
const COLOUR = /\u001B\[(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]/;

async function rawFrame(initial: WizardState, color: boolean, text: string): Promise<string> {
	const view = render(
		<WizardApp
			initial={initial}
			effects={fakeEffects().effects}
			onExit={() => {}}
			color={color}
			width={80}
			height={24}
		/>,
	);
	await waitFor(view, text);
	return view.lastFrame() ?? '';
}

describe('colour', () => {
	const ports = stateAt('ports');
	const screens: [WizardState, string][] = [
		[{ ...ports, answers: { ...ports.answers, clientPort: '22' } }, '22 is in use'],
		[stateAt('interface'), '❯ wg0'],
		[
			{
				...stateAt('review'),
				step: 'done',
				result: {
					health: {
						cluster: {
							name: 'x',
							healthy: true,
							quorum: true,
							leader: null,
							clusterId: null,
							members: 0,
						},
						members: [],
					},
					clusterFile: '/c.yaml',
				},
			},
			'x is healthy',
		],
	];

	it.each(screens)(
		'draws colours only when asked (NO_COLOR turns them off): %#',
		async (state, text) => {
			expect(await rawFrame(state, true, text)).toMatch(COLOUR);
			expect(await rawFrame(state, false, text)).not.toMatch(COLOUR);
		},
	);
});
