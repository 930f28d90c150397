import { getMaxListeners } from 'node:events';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckReport, CheckResult } from '../../../../source/preflight/types.js';
import type { Effects } from '../../../../source/state/wizard/effects.js';
import { spinnerFrame } from '../../../../source/ui/shared/theme.js';
import { renderApp } from '../../../support/harness.js';
import { KEYS, press, pressTimes, T0, waitFor } from '../../../support/ink.js';
import { fakeEffects } from '../../state/wizard/fake-effects.js';
import { BLOCKED_PEER, reportOf, stateAt } from '../../state/wizard/fixtures.js';

afterEach(cleanup);

const slowDisk: CheckResult = {
	check: 'disk',
	host: 'etcd3',
	verdict: 'warn',
	reason: 'etcd3 syncs a write under /var/lib/etcd in 14 ms',
	fix: 'put the data dir on an SSD',
};
/** Fake effects whose preflight answers with the next of `reports` when `release()` is called. */
function pendingPreflight(reports: CheckReport[]) {
	const waiting: (() => void)[] = [];
	let runs = 0;
	const preflight: Effects['preflight'] = () =>
		new Promise((resolve) => {
			const report = reports[runs] ?? reportOf(0.3);
			runs += 1;
			waiting.push(() => resolve(report));
		});
	const fake = fakeEffects({ preflight });
	return { ...fake, runs: () => runs, release: () => waiting.shift()?.() };
}

/** The release step with the focus on its last field: Enter goes on to tuning. */
const atSource = () => ({ ...stateAt('release'), focus: 1 });

describe('the preflight in the tuning step', () => {
	it('shows a spinner, then the findings and the timing it recommends, filled in', async () => {
		const { effects, release } = pendingPreflight([reportOf(150, [slowDisk])]);
		const { view } = renderApp(atSource(), effects);
		await waitFor(view, '› Get it from');
		let frame = await press(view, KEYS.enter, 'Preflight checks');
		expect(frame).toContain(
			`${spinnerFrame(T0)} Preflight checks on 3 hosts: ports, reachability, round trips, disk, clock…`,
		);
		release();
		frame = await waitFor(view, 'check homelab');
		expect(frame).toBe(
			[
				'etcd-wizard · Tuning                                               step 10 of 13',
				'',
				'The defaults suit one LAN. Over slower links raise both: heartbeat near the',
				'round-trip time (RTT), election timeout at least 10 x RTT and at least 5 x',
				'heartbeat.',
				'',
				'› Heartbeat (ms)    150',
				"                    about the round-trip time between members; etcd's default is",
				'                    100',
				'                    i recommended 150 ms from measured RTT 150 ms',
				'  Election timeout  1500',
				'  Snapshot count',
				'  Backend quota',
				"  Auto-compaction   off (etcd's default)",
				'  Extra etcd flags',
				'',
				'! check homelab: 1 warning, 1 passed; nothing stops apply',
				'recommended from measured RTT 150 ms: heartbeat 150, election timeout 1500',
				'  ! etcd3 syncs a write under /var/lib/etcd in 14 ms',
				'',
				'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit',
			].join('\n'),
		);
		frame = await press(view, KEYS.enter, '› Election timeout');
		expect(frame).toContain('i recommended 1500 ms from measured RTT 150 ms');
	});

	it('holds the review on a failed check; back at tuning the checks run again', async () => {
		const fake = pendingPreflight([reportOf(0.3, [BLOCKED_PEER]), reportOf(0.3)]);
		const { view } = renderApp(atSource(), fake.effects);
		await waitFor(view, '› Get it from');
		await press(view, KEYS.enter, 'Preflight checks');
		fake.release();
		let frame = await waitFor(view, 'check homelab');
		expect(frame).toContain(
			[
				'✘ check homelab: 1 failed, 1 passed; apply would be refused',
				'recommended from measured RTT 0.30 ms: heartbeat 100, election timeout 1000',
				'  ✘ etcd1 -> etcd2: etcd1 cannot reach etcd2:2380 (timeout)',
			].join('\n'),
		);
		frame = await pressTimes(view, KEYS.enter, 6);
		expect(frame).toContain('etcd-wizard · Review');
		expect(frame).toContain('✘ the preflight found 1 failed check that would stop provisioning');
		frame = await press(view, KEYS.enter, (f) => f.includes('Review'));
		expect(frame).not.toContain('(y/n)');
		frame = await press(view, KEYS.esc, 'Preflight checks');
		expect(fake.runs()).toBe(2);
		fake.release();
		frame = await waitFor(view, 'nothing stops apply');
		frame = await pressTimes(view, KEYS.enter, 6);
		expect(frame).not.toContain('✘ the preflight');
		await press(view, KEYS.enter, '(y/n)');
	});

	it('says when the checks could not run, and does not hold the review for it', async () => {
		const signals: AbortSignal[] = [];
		const fake = fakeEffects({
			preflight: async (_spec, _file, reach) => {
				signals.push(reach.signal);
				throw Object.assign(new Error('cannot connect to 1 of 3 hosts'), {
					hint: 'check that sshd runs on etcd2',
				});
			},
		});
		const { view } = renderApp(atSource(), fake.effects);
		await waitFor(view, '› Get it from');
		const frame = await press(view, KEYS.enter, 'could not run');
		expect(frame).toContain(
			[
				'! the preflight could not run: cannot connect to 1 of 3 hosts',
				'provisioning runs it again first; check that sshd runs on etcd2',
			].join('\n'),
		);
		await pressTimes(view, KEYS.enter, 6);
		await press(view, KEYS.enter, '(y/n)');
		// Every host's channels listen on the run's signal: Node's warning past 10 would be
		// written over the screen.
		expect(signals.map((signal) => getMaxListeners(signal))).toEqual([200]);
	});
});
