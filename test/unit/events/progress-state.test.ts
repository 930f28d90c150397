import { describe, expect, it } from 'vitest';
import {
	initialProgress,
	type NodeProgress,
	type ProgressState,
	progressReducer,
	type StampedEvent,
} from '../../../source/events/progress-state.js';

const fold = (state: ProgressState, events: readonly StampedEvent[]): ProgressState =>
	events.reduce(progressReducer, state);

const nodeOf = (state: ProgressState, name: string): NodeProgress => {
	const node = state.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`no node ${name} in state`);
	return node;
};

const start = (node: string, step: string, at: number): StampedEvent => ({
	type: 'node-step-started',
	node,
	step,
	title: `Title of ${step}`,
	at,
});

const done = (node: string, step: string, changed: boolean, at: number): StampedEvent => ({
	type: 'node-step-done',
	node,
	step,
	changed,
	at,
});

const log = (message: string, node?: string, at = 1): StampedEvent => ({
	type: 'log',
	level: 'info',
	node,
	message,
	at,
});

describe('initialProgress', () => {
	it('starts every node waiting, once each, in the given order', () => {
		const state = initialProgress(['etcd2', 'etcd1', 'etcd2'], 500);
		expect(state).toEqual({
			startedAt: 500,
			logLimit: 5,
			logs: [],
			nodes: [
				{ name: 'etcd2', status: 'waiting', stepsDone: 0, changed: 0, logs: [] },
				{ name: 'etcd1', status: 'waiting', stepsDone: 0, changed: 0, logs: [] },
			],
		});
	});

	it('takes a log limit and never a negative one', () => {
		expect(initialProgress([], 0, { logLimit: 2 }).logLimit).toBe(2);
		expect(initialProgress([], 0, { logLimit: -3 }).logLimit).toBe(0);
	});
});

describe('progressReducer', () => {
	const base = initialProgress(['etcd1', 'etcd2'], 1000);

	it('sets the phase title', () => {
		const state = fold(base, [
			{ type: 'phase', title: 'Preflight' },
			{ type: 'phase', title: 'Install' },
		]);
		expect(state.phase).toBe('Install');
	});

	it('marks a node running with its step, title and start times', () => {
		const state = progressReducer(base, start('etcd1', 'install-etcd', 1100));
		expect(nodeOf(state, 'etcd1')).toEqual({
			name: 'etcd1',
			status: 'running',
			step: 'install-etcd',
			stepTitle: 'Title of install-etcd',
			stepStartedAt: 1100,
			startedAt: 1100,
			finishedAt: undefined,
			stepsDone: 0,
			changed: 0,
			logs: [],
		});
		expect(nodeOf(state, 'etcd2').status).toBe('waiting');
	});

	it('counts changed and unchanged steps and keeps the node start time', () => {
		const state = fold(base, [
			start('etcd1', 'a', 1100),
			done('etcd1', 'a', true, 1200),
			start('etcd1', 'b', 1300),
			done('etcd1', 'b', false, 1450),
		]);
		expect(nodeOf(state, 'etcd1')).toMatchObject({
			status: 'done',
			step: 'b',
			stepTitle: 'Title of b',
			stepStartedAt: 1300,
			startedAt: 1100,
			finishedAt: 1450,
			stepsDone: 2,
			changed: 1,
		});
	});

	it('clears the finish time when a node starts another step', () => {
		const state = fold(base, [
			start('etcd1', 'a', 1100),
			done('etcd1', 'a', true, 1200),
			start('etcd1', 'b', 1300),
		]);
		expect(nodeOf(state, 'etcd1')).toMatchObject({ status: 'running', finishedAt: undefined });
	});

	it('records a failure with its title, stderr tail and hint', () => {
		const state = fold(base, [
			start('etcd2', 'download', 1100),
			{
				type: 'node-step-failed',
				node: 'etcd2',
				step: 'download',
				error: 'sha256 mismatch',
				stderrTail: ['line 1', 'line 2'],
				hint: 'check etcd.checksumUrl',
				at: 1900,
			},
		]);
		expect(nodeOf(state, 'etcd2')).toMatchObject({
			status: 'failed',
			step: 'download',
			startedAt: 1100,
			finishedAt: 1900,
			failure: {
				step: 'download',
				title: 'Title of download',
				error: 'sha256 mismatch',
				stderrTail: ['line 1', 'line 2'],
				hint: 'check etcd.checksumUrl',
			},
		});
	});

	it('records a failure of a step whose start was not seen, without a tail', () => {
		const state = fold(base, [
			start('etcd1', 'a', 1100),
			{ type: 'node-step-failed', node: 'etcd1', step: 'b', error: 'boom', at: 1200 },
		]);
		expect(nodeOf(state, 'etcd1').failure).toEqual({
			step: 'b',
			title: undefined,
			error: 'boom',
			stderrTail: [],
			hint: undefined,
		});
		expect(nodeOf(state, 'etcd1').stepTitle).toBeUndefined();
	});

	it('counts a done without a seen start and takes its time as the node start', () => {
		const state = progressReducer(base, done('etcd2', 'restart', true, 1700));
		expect(nodeOf(state, 'etcd2')).toMatchObject({
			status: 'done',
			step: 'restart',
			stepTitle: undefined,
			startedAt: 1700,
			finishedAt: 1700,
			stepsDone: 1,
			changed: 1,
		});
	});

	it('keeps a node running when a late done arrives for an earlier step', () => {
		const state = fold(base, [
			start('etcd1', 'a', 1100),
			start('etcd1', 'b', 1200),
			done('etcd1', 'a', false, 1250),
		]);
		expect(nodeOf(state, 'etcd1')).toMatchObject({
			status: 'running',
			step: 'b',
			stepsDone: 1,
			changed: 0,
			finishedAt: undefined,
		});
	});

	it('adds a node it has not heard of, after the known ones', () => {
		const started = progressReducer(base, start('etcd9', 'a', 1100));
		expect(started.nodes.map((node) => node.name)).toEqual(['etcd1', 'etcd2', 'etcd9']);
		expect(nodeOf(started, 'etcd9').status).toBe('running');
		const logged = progressReducer(base, log('hello', 'etcd7'));
		expect(nodeOf(logged, 'etcd7')).toMatchObject({
			status: 'waiting',
			logs: [{ message: 'hello' }],
		});
	});

	it('keeps only the last N log lines per node and for the run', () => {
		const small = initialProgress(['etcd1'], 0, { logLimit: 3 });
		const state = fold(small, [
			log('m1', 'etcd1', 1),
			log('m2', undefined, 2),
			log('m3', 'etcd1', 3),
			log('m4', 'etcd1', 4),
			log('m5', 'etcd1', 5),
		]);
		expect(state.logs.map((line) => line.message)).toEqual(['m3', 'm4', 'm5']);
		expect(nodeOf(state, 'etcd1').logs.map((line) => line.message)).toEqual(['m3', 'm4', 'm5']);
		expect(state.logs[2]).toEqual({ level: 'info', node: 'etcd1', message: 'm5', at: 5 });
	});

	it('keeps no log lines with a limit of 0', () => {
		const state = progressReducer(
			initialProgress(['etcd1'], 0, { logLimit: 0 }),
			log('x', 'etcd1'),
		);
		expect(state.logs).toEqual([]);
		expect(nodeOf(state, 'etcd1').logs).toEqual([]);
	});

	it('leaves times unset for unstamped events', () => {
		const state = progressReducer(base, {
			type: 'node-step-started',
			node: 'etcd1',
			step: 'a',
			title: 'A',
		});
		expect(nodeOf(state, 'etcd1')).toMatchObject({
			stepStartedAt: undefined,
			startedAt: undefined,
		});
	});

	it('does not change the state it was given and ignores unknown events', () => {
		const frozen = Object.freeze(initialProgress(['etcd1'], 0));
		const before = structuredClone(frozen);
		fold(frozen, [start('etcd1', 'a', 1), done('etcd1', 'a', true, 2), log('x', 'etcd1')]);
		expect(frozen).toEqual(before);
		const unknown = { type: 'node-rebooted', node: 'etcd1' } as unknown as StampedEvent;
		expect(progressReducer(frozen, unknown)).toBe(frozen);
	});
});
