import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { diagnose, type HealthSnapshot, parseJournal } from '../../../source/diagnose/index.js';
import { summarizeCluster } from '../../../source/health/index.js';
import { HealthApp } from '../../../source/ui/health-app.js';
import { healthViewReducer, initialHealthView } from '../../../source/ui/health-state.js';
import { memberTableLines } from '../../../source/ui/health-table.js';
import { HealthView } from '../../../source/ui/health-view.js';
import { details, input, NOW, zapLine } from '../diagnose/fixtures.js';
import { healthyCheck, unreachableCheck } from '../health/fixtures.js';

const plain = (frame: string | undefined): string =>
	stripVTControlCharacters(frame ?? '')
		.split('\n')
		.map((line) => line.trimEnd())
		.join('\n');

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
	await vi.waitFor(() => expect(check(plain(lastFrame()))).toBe(true), {
		timeout: 3000,
		interval: 10,
	});
	return plain(lastFrame());
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
		const frame = plain(lastFrame());
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
