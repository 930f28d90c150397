import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from '../../../support/harness.js';
import { KEYS, press, settle, waitFor } from '../../../support/ink.js';
import { HOSTS, stateAt } from '../../state/wizard/fixtures.js';

afterEach(cleanup);

/** The first lines of the hosts step. */
const HEADER = [
	'etcd-wizard · Hosts                                                 step 4 of 13',
	'',
	'3, 5 or 7 members: a cluster of n survives (n-1)/2 failed members, so 4 survives',
	'no more than 3 does, and every write waits for a majority.',
	'',
];

const empty = () => {
	const state = stateAt('hosts');
	return { ...state, answers: { ...state.answers, hosts: [] } };
};

describe('hosts step', () => {
	it('adds hosts one by one, refusing a duplicate address with the reason', async () => {
		const view = renderStep(empty());
		let frame = await waitFor(view, '+ add a host');
		expect(frame).toBe(
			[
				...HEADER,
				'❯ + add a host',
				'  continue with 0 hosts →',
				'',
				'Enter edit/choose · x remove · Esc back · Ctrl-C quit',
			].join('\n'),
		);
		// Continuing without a host is refused.
		await press(view, KEYS.down, '❯ continue');
		view.stdin.write(KEYS.enter);
		await settle();
		expect(view.state().step).toBe('hosts');
		await press(view, KEYS.up, '❯ + add a host');
		await press(view, KEYS.enter, 'Add a host');
		await press(view, 'etcd1', '› Name              etcd1');
		await press(view, KEYS.enter, '› Address');
		await press(view, '10.77.0.11', '10.77.0.11');
		frame = await press(view, KEYS.enter, 'etcd1            10.77.0.11');
		expect(frame).not.toContain('!');
		await press(view, KEYS.enter, 'Add a host');
		await press(view, 'etcd2', '› Name              etcd2');
		await press(view, KEYS.enter, '› Address');
		frame = await press(view, '10.77.0.11', '✘ "10.77.0.11" is already used by hosts[0].address');
		view.stdin.write(KEYS.enter);
		await settle();
		expect(view.state().answers.hosts).toHaveLength(1);
		await press(view, '2', '10.77.0.112');
		frame = await press(view, KEYS.enter, 'etcd2            10.77.0.112');
		expect(frame).toBe(
			[
				...HEADER,
				'  etcd1            10.77.0.11',
				'  etcd2            10.77.0.112',
				'❯ + add a host',
				'  continue with 2 hosts →',
				'',
				'! 2 members tolerate 0 failed members, no more than 1 would: an even count adds',
				'load but no fault tolerance; 3, 5 or 7 members are recommended',
				'',
				'Enter edit/choose · x remove · Esc back · Ctrl-C quit',
			].join('\n'),
		);
	});

	it('refuses a malformed name before the address is asked', async () => {
		const view = renderStep(empty());
		await waitFor(view, '+ add a host');
		await press(view, KEYS.enter, 'Add a host');
		await press(view, 'etcd_1', '✘ "etcd_1" cannot be an etcd member name and DNS name');
		view.stdin.write(KEYS.enter);
		await settle();
		expect(view.state().draft?.focus).toBe(0);
		await press(view, KEYS.esc, '+ add a host');
		expect(view.state().draft).toBeUndefined();
	});

	it('edits a host with Enter and removes one with x', async () => {
		const view = renderStep(stateAt('hosts'));
		await waitFor(view, '❯ etcd1');
		await press(view, KEYS.down, '❯ etcd2');
		let frame = await press(view, KEYS.enter, 'Edit host 2');
		expect(frame).toContain(
			'› Name              etcd2\n                    the etcd member name, e.g. etcd1 (also its certificate name)\n  Address           10.77.0.12',
		);
		await press(view, KEYS.down, '› Address');
		await press(view, '0', '10.77.0.120');
		await press(view, KEYS.enter, 'etcd2            10.77.0.120');
		frame = await press(view, 'x', (f) => !f.includes('etcd2 '));
		expect(view.state().answers.hosts).toEqual([HOSTS[0], HOSTS[2]]);
		expect(frame).toContain('continue with 2 hosts →');
	});

	it('continues to connect with the hosts', async () => {
		const view = renderStep(stateAt('hosts'));
		await waitFor(view, '❯ etcd1');
		for (const item of ['etcd2', 'etcd3', '+ add a host', 'continue'])
			await press(view, KEYS.down, `❯ ${item}`);
		await press(view, KEYS.enter, 'Connect');
		expect(view.state().connect.status).toBe('running');
	});
});
