import { describe, expect, it } from 'vitest';
import {
	answerStop,
	anyLive,
	awaited,
	EXIT,
	failRun,
	interruptRun,
	isLive,
	nextRun,
	reduceRunEvent,
	runState,
	type StoppableRun,
} from '../../../../source/state/shared/runs.js';
import type { Failure, HostKeyQuestion, RunState } from '../../../../source/state/shared/types.js';

/** A screen with two runs, as the wizard and the re-key screen have them: one that asks. */
interface Screen {
	readonly connect: RunState;
	readonly run: StoppableRun;
	readonly question?: HostKeyQuestion;
	readonly exit?: number;
}

const QUESTION: HostKeyQuestion = {
	host: 'etcd1',
	port: 22,
	fingerprint: 'SHA256:Zm9vYmFy',
	keyType: 'ssh-ed25519',
};

const FAILURE: Failure = { message: 'etcd1: connection refused', details: [], aborted: false };

const idle: Screen = { connect: runState(), run: { ...runState(), confirmStop: false } };

const connecting: Screen = { ...idle, connect: runState(1, ['etcd1'], 5) };

const running: Screen = { ...idle, run: { ...runState(3, ['etcd1'], 5), confirmStop: false } };

describe('the shared run handling', () => {
	it('starts runs and their next attempts, live until done or failed', () => {
		expect(runState()).toMatchObject({ status: 'idle', attempt: 0 });
		const first = runState(1, ['etcd1', 'etcd2'], 5);
		expect(first).toMatchObject({ status: 'running', attempt: 1, progress: { startedAt: 5 } });
		expect(first.progress.nodes.map((n) => n.name)).toEqual(['etcd1', 'etcd2']);
		expect(nextRun({ ...first, status: 'failed' }, ['etcd3'], 9)).toMatchObject({
			status: 'running',
			attempt: 2,
			progress: { startedAt: 9, nodes: [{ name: 'etcd3' }] },
		});
		expect([first, { ...first, status: 'stopping' as const }].every(isLive)).toBe(true);
		expect(
			['idle', 'done', 'failed'].some((status) => isLive({ ...first, status } as RunState)),
		).toBe(false);
	});

	it('awaits only the attempt under way, and knows which runs are live', () => {
		expect(awaited(connecting, 'connect', 1)).toBe(true);
		expect(awaited(connecting, 'connect', 0)).toBe(false);
		expect(awaited(connecting, 'run', 0)).toBe(false);
		expect(anyLive(connecting, ['connect', 'run'])).toBe(true);
		expect(anyLive(connecting, ['run'])).toBe(false);
	});

	it('folds events into a live run only, and asks host keys only for the runs that ask', () => {
		const event = {
			type: 'node-step-started',
			node: 'etcd1',
			step: 'ssh',
			title: 'Connect over SSH',
			at: 6,
		} as const;
		const folded = reduceRunEvent(connecting, { type: 'run-event', run: 'connect', event }, [
			'connect',
		]);
		expect(folded.connect.progress.nodes[0]).toMatchObject({ status: 'running', step: 'ssh' });
		expect(reduceRunEvent(idle, { type: 'run-event', run: 'connect', event }, ['connect'])).toBe(
			idle,
		);
		const asked = reduceRunEvent(connecting, { type: 'host-key-asked', question: QUESTION }, [
			'connect',
		]);
		expect(asked.question).toEqual(QUESTION);
		expect(
			reduceRunEvent(running, { type: 'host-key-asked', question: QUESTION }, ['connect']),
		).toBe(running);
		const answered = reduceRunEvent(asked, { type: 'host-key-answered' }, ['connect']);
		expect(answered.question).toBeUndefined();
		expect(reduceRunEvent(answered, { type: 'host-key-answered' }, ['connect'])).toBe(answered);
	});

	it('fails a run: the failure kept, the question closed, a "stop?" dropped', () => {
		const failed = failRun({ ...connecting, question: QUESTION }, 'connect', FAILURE);
		expect(failed.connect).toMatchObject({ status: 'failed', attempt: 1, failure: FAILURE });
		expect(failed.question).toBeUndefined();
		expect('confirmStop' in failed.connect).toBe(false);
		const asked = { ...running, run: { ...running.run, confirmStop: true } };
		expect(failRun(asked, 'run', FAILURE).run).toMatchObject({
			status: 'failed',
			confirmStop: false,
		});
	});

	it('asks before stopping a running run; asked twice, or with nothing running, it exits 130', () => {
		const asked = interruptRun(running, 'run');
		expect(asked.run.confirmStop).toBe(true);
		expect(asked.exit).toBeUndefined();
		expect(interruptRun(asked, 'run').exit).toBe(EXIT.interrupted);
		expect(interruptRun(idle, 'run').exit).toBe(EXIT.interrupted);
	});

	it('stops on a yes, goes on after a no, and ignores an answer nobody asked for', () => {
		const asked = interruptRun(running, 'run');
		expect(answerStop(asked, 'run', true).run).toMatchObject({
			status: 'stopping',
			confirmStop: false,
		});
		expect(answerStop(asked, 'run', false).run).toMatchObject({
			status: 'running',
			confirmStop: false,
		});
		expect(answerStop(running, 'run', true)).toBe(running);
	});
});
