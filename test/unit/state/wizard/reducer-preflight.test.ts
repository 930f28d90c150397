import { describe, expect, it } from 'vitest';
import type { WizardState } from '../../../../source/state/wizard/types.js';
import { fieldProblems, stepBlocker } from '../../../../source/state/wizard/validate.js';
import { BLOCKED_PEER, fold, reportOf, stateAt } from './fixtures.js';

/** The tuning step, arrived at from the release step: the checks are running (attempt 1). */
const checking = () => fold(stateAt('release'), { type: 'next', at: 5 });

const done = (state: WizardState, report = reportOf(150), attempt = state.preflight.attempt) =>
	fold(state, { type: 'preflight-done', attempt, report });

describe('the preflight of the tuning step', () => {
	it('starts on arriving at the tuning step, and again on every arrival forward', () => {
		const state = checking();
		expect(state.step).toBe('tuning');
		expect(state.preflight).toMatchObject({ status: 'running', attempt: 1 });
		const again = fold(done(state), { type: 'back' }, { type: 'next', at: 9 });
		expect(again.preflight).toMatchObject({ status: 'running', attempt: 2 });
		expect(again.preflight.report).toEqual(reportOf(150));
	});

	it('fills heartbeat and election timeout from the measured RTT, and says so', () => {
		const state = done(checking());
		expect(state.preflight.status).toBe('done');
		expect(state.answers).toMatchObject({ heartbeat: '150', electionTimeout: '1500' });
		expect(fieldProblems(state).heartbeat).toEqual([
			{ severity: 'note', message: 'recommended 150 ms from measured RTT 150 ms' },
		]);
		expect(fieldProblems(state).electionTimeout).toEqual([
			{ severity: 'note', message: 'recommended 1500 ms from measured RTT 150 ms' },
		]);
	});

	it('keeps a value the operator typed, and replaces its own earlier advice', () => {
		const typed = fold(checking(), { type: 'set', field: 'electionTimeout', value: '3000' });
		expect(done(typed).answers).toMatchObject({ heartbeat: '150', electionTimeout: '3000' });
		const first = done(checking());
		const second = fold(first, { type: 'back' }, { type: 'next', at: 9 });
		expect(done(second, reportOf(0.4)).answers).toMatchObject({
			heartbeat: '100',
			electionTimeout: '1000',
		});
	});

	it('leaves the timing alone when no round trip was measured', () => {
		const state = done(checking(), reportOf(null));
		expect(state.answers).toEqual(checking().answers);
		expect(fieldProblems(state).heartbeat).toBeUndefined();
	});

	it('ignores the result of an earlier attempt', () => {
		const second = fold(checking(), { type: 'back' }, { type: 'next', at: 9 });
		expect(done(second, reportOf(150), 1)).toBe(second);
	});

	it('holds the review while it runs and after a failed check; not when it could not run', () => {
		const running = fold(checking(), { type: 'next' });
		expect(running.step).toBe('review');
		expect(stepBlocker(running)).toBe('the preflight checks are still running');
		expect(stepBlocker(done(running))).toBeUndefined();
		const failed = done(running, reportOf(0.3, [BLOCKED_PEER]));
		expect(stepBlocker(failed)).toMatch(/^the preflight found 1 failed check that would stop/);
		expect(fold(failed, { type: 'next' })).toBe(failed);
		const unrun = fold(running, {
			type: 'run-failed',
			run: 'preflight',
			attempt: 1,
			failure: { message: 'cannot connect to etcd2', details: [], aborted: false },
		});
		expect(unrun.preflight).toMatchObject({
			status: 'failed',
			failure: { message: 'cannot connect to etcd2' },
		});
		expect(unrun.step).toBe('review');
		expect(stepBlocker(unrun)).toBeUndefined();
	});

	it('runs again on going back to the tuning step after a failure, not after a pass', () => {
		const review = fold(checking(), { type: 'next' });
		const failed = fold(done(review, reportOf(0.3, [BLOCKED_PEER])), { type: 'back', at: 7 });
		expect(failed.step).toBe('tuning');
		expect(failed.preflight).toMatchObject({ status: 'running', attempt: 2 });
		const passed = fold(done(review), { type: 'back' });
		expect(passed.preflight).toMatchObject({ status: 'done', attempt: 1 });
	});

	it('asks host keys while it runs', () => {
		const question = { host: 'etcd1', port: 22, fingerprint: 'SHA256:x', keyType: 'ssh-ed25519' };
		expect(fold(checking(), { type: 'host-key-asked', question }).question).toEqual(question);
		expect(fold(stateAt('tuning'), { type: 'host-key-asked', question }).question).toBeUndefined();
	});
});
