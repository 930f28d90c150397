import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import {
	diagnose,
	type HealthSnapshot,
	parseJournal,
} from '../../../../source/health/diagnosis/index.js';
import { summarizeCluster } from '../../../../source/health/index.js';
import {
	healthViewReducer,
	initialHealthView,
	unlockingHealthView,
} from '../../../../source/state/health/reducer.js';
import { HealthApp, type HealthReach } from '../../../../source/ui/health/health-app.js';
import { HealthView } from '../../../../source/ui/health/health-view.js';
import { memberTableLines } from '../../../../source/ui/health/table.js';
import { KEYS, plainRows, press, waitFor } from '../../../support/ink.js';
import { details, input, NOW, zapLine } from '../../health/diagnosis/fixtures.js';
import { healthyCheck, unreachableCheck } from '../../health/fixtures.js';

const stopped = { activeState: 'inactive', subState: 'dead', result: 'success', restarts: 0 };

function snapshot(down: boolean): HealthSnapshot {
	const checks = down
		? [healthyCheck(0), healthyCheck(1), unreachableCheck(2)]
		: [0, 1, 2].map((i) => healthyCheck(i));
	const journal = parseJournal(
		zapLine(4, 'warn', 'stopping etcd', { error: 'received terminated signal' }),
	);
	const all = [details(0), details(1), details(2, down ? { unit: stopped, journal } : { journal })];
	const diagnosisInput = input(checks, all);
	return {
		health: summarizeCluster('lab', checks),
		details: all,
		findings: diagnose(diagnosisInput),
		at: NOW,
	};
}

/** Polls the last frame until it passes `check` (no fixed sleeps). */
async function frameWhere(lastFrame: () => string | undefined, check: (frame: string) => boolean) {
	await vi.waitFor(() => expect(check(plainRows(lastFrame()))).toBe(true), {
		timeout: 3000,
		interval: 10,
	});
	return plainRows(lastFrame());
}

describe('health view', () => {
	it('fits 80x24: cluster line, member table and the diagnosis naming the stopped member', () => {
		const state = healthViewReducer(initialHealthView, {
			type: 'refreshed',
			snapshot: snapshot(true),
		});
		const { lastFrame } = render(
			<HealthView state={state} width={80} height={24} color={false} watch />,
		);
		const frame = plainRows(lastFrame());
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThan(24);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
		expect(frame).toContain('cluster lab: degraded, quorum 2/3, leader etcd2');
		expect(frame).toContain('alarms none');
		expect(frame).toMatch(
			/^ {2}NAME +ENDPOINT +VERSION +DB +LEADER +TERM +INDEX .*HEALTH +LATENCY$/m,
		);
		expect(frame).toMatch(/^> etcd1 +10\.88\.0\.11:2379 +3\.6\.14 .* healthy +3ms$/m);
		expect(frame).toMatch(/^ {2}etcd3 +10\.88\.0\.13:2379 +- .* UNHEALTHY +-$/m);
		expect(frame).toContain('ERROR etcd3: etcd is not running (unit etcd.service inactive/dead)');
		expect(frame).toContain('↑↓ select · enter details · r refresh (auto every few s) · q quit');
	});

	it('drops columns of least use first as the terminal narrows', () => {
		const members = snapshot(false).health.members;
		expect(memberTableLines(members, 200)[0]).toMatch(/NAME +ENDPOINT +ID +VERSION/);
		const narrow = memberTableLines(members, 60);
		expect(narrow[0]).not.toContain('ENDPOINT');
		for (const line of narrow) expect(line.length + 2).toBeLessThanOrEqual(60);
	});

	it('selects with the arrows, never past the ends, and opens only with members', () => {
		let state = healthViewReducer(initialHealthView, { type: 'open' });
		expect(state).toBe(initialHealthView);
		state = healthViewReducer(state, { type: 'refreshed', snapshot: snapshot(false) });
		expect(healthViewReducer(state, { type: 'up' })).toBe(state);
		for (const _ of [1, 2, 3]) state = healthViewReducer(state, { type: 'down' });
		expect(state.selected).toBe(2);
		state = healthViewReducer(state, { type: 'open' });
		expect(healthViewReducer(state, { type: 'down' })).toBe(state);
		expect(healthViewReducer(state, { type: 'close' }).open).toBe(false);
	});

	it('refreshes on r, opens a member with Enter, closes with Esc and quits with q', async () => {
		const snapshots = [snapshot(false), snapshot(true)];
		let calls = 0;
		const poll = vi.fn(async () => snapshots[Math.min(calls++, 1)] as HealthSnapshot);
		const onQuit = vi.fn();
		const { lastFrame, stdin } = render(
			<HealthApp poll={poll} watch={false} intervalMs={60_000} onQuit={onQuit} color={false} />,
		);
		let frame = await frameWhere(lastFrame, (f) => f.includes('pass 1;'));
		expect(frame).toContain('diagnosis: nothing wrong found');
		stdin.write('r');
		frame = await frameWhere(lastFrame, (f) => f.includes('pass 2;'));
		expect(frame).toContain('ERROR etcd3: etcd is not running');
		stdin.write('\u001B[B');
		stdin.write('\u001B[B');
		await frameWhere(lastFrame, (f) => f.includes('> etcd3'));
		stdin.write('\r');
		frame = await frameWhere(lastFrame, (f) => f.includes('unit: inactive/dead'));
		expect(frame).toContain('free under /var/lib/etcd: 10 GB   clock vs here: +3 ms (±2 ms)');
		expect(frame).toContain('certs: server.crt 365d');
		expect(frame).toContain('members it sees: etcd1 etcd2* etcd3');
		expect(frame).toMatch(
			/journal \(last 1 lines\):\n\d\d:\d\d:\d\d stopping etcd \(error=received terminated signal\)/,
		);
		expect(frame).toContain('esc close · r refresh · q quit');
		stdin.write('\u001B');
		frame = await frameWhere(lastFrame, (f) => !f.includes('unit: inactive/dead'));
		expect(frame).toContain('ERROR etcd3');
		stdin.write('q');
		await vi.waitFor(() => expect(onQuit).toHaveBeenCalledWith(snapshots[1]));
		expect(poll).toHaveBeenCalledTimes(2);
	});

	it('says why a pass failed and keeps the keys', async () => {
		const poll = vi.fn(async (): Promise<HealthSnapshot> => {
			throw new Error('no SSH connection');
		});
		const { lastFrame } = render(
			<HealthApp poll={poll} watch={false} intervalMs={60_000} onQuit={() => {}} color={false} />,
		);
		const frame = await frameWhere(lastFrame, (f) => f.includes('failed'));
		expect(frame).toBe(
			'health pass failed: no SSH connection; r to retry\n↑↓ select · enter details · r refresh · q quit',
		);
	});
});

describe('health view: the SSH key and connecting', () => {
	const KEY_FILE = '/home/ops/.ssh/id_ed25519';
	/** A key that opens only with "hunter2"; connecting as `connect` says. */
	function reachOf(connect: HealthReach['connect'] = async () => {}) {
		const keyChecks: (string | undefined)[] = [];
		const connects: (string | undefined)[] = [];
		const reach: HealthReach = {
			checkKey: async (passphrase) => {
				keyChecks.push(passphrase);
				if (passphrase === 'hunter2') return { status: 'ok' };
				return { status: passphrase ? 'wrong' : 'needed', identityFile: KEY_FILE };
			},
			connect: (passphrase, signal) => {
				connects.push(passphrase);
				return connect(passphrase, signal);
			},
			purpose: 'check the health of cluster lab (3 hosts)',
		};
		return { reach, keyChecks, connects };
	}

	it('asks the passphrase, again when wrong, then connects with it before the first pass', () => {
		const needed = { status: 'needed', identityFile: KEY_FILE } as const;
		let state = healthViewReducer(unlockingHealthView, { type: 'key-checked', check: needed });
		expect(state).toMatchObject({ reach: 'key', key: { status: 'asking' } });
		for (const action of [
			{ type: 'key-typed', value: 'hunter2' },
			{ type: 'key-submitted' },
			{ type: 'key-checked', check: { status: 'ok' } },
		] as const)
			state = healthViewReducer(state, action);
		expect(state).toMatchObject({ reach: 'connecting', connectAttempt: 1 });
		expect(healthViewReducer(state, { type: 'connected', attempt: 7 })).toBe(state);
		expect(healthViewReducer(state, { type: 'reconnect' })).toBe(state);
		const failure = { message: 'etcd2 refused', details: [], aborted: false };
		const failed = healthViewReducer(state, { type: 'connect-failed', attempt: 1, failure });
		expect(failed).toMatchObject({ reach: 'failed', connectFailure: failure });
		const again = healthViewReducer(failed, { type: 'reconnect' });
		expect(again).toMatchObject({ reach: 'connecting', connectAttempt: 2 });
		expect(again.connectFailure).toBeUndefined();
		expect(healthViewReducer(again, { type: 'connected', attempt: 2 }).reach).toBe('connected');
		expect(healthViewReducer(initialHealthView, { type: 'key-checked', check: needed })).toBe(
			initialHealthView,
		);
	});

	it('shows the masked question, re-asks a wrong passphrase, and polls once connected', async () => {
		const { reach, keyChecks, connects } = reachOf();
		const poll = vi.fn(async () => snapshot(false));
		const onQuit = vi.fn();
		const view = render(
			<HealthApp
				poll={poll}
				reach={reach}
				watch={false}
				intervalMs={60_000}
				onQuit={onQuit}
				color={false}
			/>,
		);
		const asked = await waitFor(view, 'is encrypted');
		expect(
			asked,
		).toBe(`/home/ops/.ssh/id_ed25519 is encrypted: type its passphrase to check the health of cluster lab (3
hosts).

› Key passphrase
                    kept in memory while this runs, never written

Enter unlock · Esc quit`);
		// q and r are letters here, not keys of the view.
		await press(view, 'qr', '› Key passphrase    **');
		const wrong = await press(view, KEYS.enter, 'does not open');
		expect(wrong).toContain('✘ that passphrase does not open the key; type it again');
		await press(view, 'hunter2', '› Key passphrase    *******');
		const frame = await press(view, KEYS.enter, 'pass 1;');
		expect(frame).toContain('cluster lab: healthy');
		expect(frame).not.toContain('hunter');
		expect(keyChecks).toEqual([undefined, 'qr', 'hunter2']);
		expect(connects).toEqual(['hunter2']);
		expect(onQuit).not.toHaveBeenCalled();
	});

	it('says why connecting failed and what to do, tries again on r, quits on Esc at the question', async () => {
		let fail = true;
		const { reach, connects } = reachOf(async () => {
			if (!fail) return;
			throw Object.assign(new Error('cannot connect to 1 of 3 hosts'), {
				hint: 'start sshd on etcd2',
			});
		});
		const poll = vi.fn(async () => snapshot(false));
		const view = render(
			<HealthApp
				poll={poll}
				reach={{ ...reach, checkKey: async () => ({ status: 'ok' }) }}
				watch={false}
				intervalMs={60_000}
				onQuit={() => {}}
				color={false}
			/>,
		);
		const failed = await waitFor(view, '✘');
		expect(failed.trim()).toBe(
			'✘ cannot connect to 1 of 3 hosts\nnext: start sshd on etcd2\n\nr try again · q quit',
		);
		expect(poll).not.toHaveBeenCalled();
		fail = false;
		await press(view, 'r', 'pass 1;');
		expect(connects).toEqual([undefined, undefined]);

		const onQuit = vi.fn();
		const asking = render(
			<HealthApp
				poll={poll}
				reach={reachOf().reach}
				watch={false}
				intervalMs={60_000}
				onQuit={onQuit}
				color={false}
			/>,
		);
		await waitFor(asking, 'is encrypted');
		asking.stdin.write(KEYS.esc);
		await vi.waitFor(() => expect(onQuit).toHaveBeenCalledWith(null));
	});
});
