import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../../source/render/index.js';
import type { Failure } from '../../../../source/state/shared/types.js';
import { initialWizardState } from '../../../../source/state/wizard/initial-state.js';
import type { WizardState } from '../../../../source/state/wizard/types.js';
import { ENV, FACTS, fold, healthOf, stateAt } from './fixtures.js';

const connecting = () => fold(stateAt('hosts'), { type: 'next', at: 0 });
const provisioning = () => fold(stateAt('review'), { type: 'next', at: 0 });
const failure: Failure = {
	message: 'cannot connect to 1 of 3 hosts',
	hint: 'check sshd',
	details: [],
	aborted: false,
};
const question = { host: 'etcd1', port: 22, fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519' };
const started = (node: string) => ({
	type: 'node-step-started' as const,
	node,
	step: 'connect',
	title: 'Connect',
	at: 10,
});

const refuses = (state: WizardState, ...actions: Parameters<typeof fold>[1][]) =>
	expect(fold(state, ...actions)).toBe(state);

describe('connect', () => {
	it('folds the run’s events into the pane, asks host keys, and takes the facts', () => {
		const state = fold(
			connecting(),
			{ type: 'run-event', run: 'connect', event: started('etcd1') },
			{ type: 'host-key-asked', question },
		);
		expect(state.connect.progress.nodes[0]).toMatchObject({
			name: 'etcd1',
			status: 'running',
			startedAt: 10,
		});
		expect(state.question).toEqual(question);
		// While a key is asked, Esc and Enter belong to the question.
		refuses(state, { type: 'back' });
		refuses(state, { type: 'next' });
		const answered = fold(state, { type: 'host-key-answered' });
		expect(answered.question).toBeUndefined();
		const done = fold(answered, { type: 'connect-done', attempt: 1, facts: FACTS });
		expect(done.connect.status).toBe('done');
		expect(done.facts).toBe(FACTS);
		expect(fold(done, { type: 'next' }).step).toBe('interface');
	});

	it('picks an interface every host has when none has the one answered', () => {
		const eth = new Map(
			[...FACTS].map(([name, f]) => [
				name,
				{ ...f, interfaces: f.interfaces.filter((i) => i.name !== 'wg0') },
			]),
		);
		expect(
			fold(connecting(), { type: 'connect-done', attempt: 1, facts: eth }).answers.interface,
		).toBe('eth0');
		expect(
			fold(connecting(), { type: 'connect-done', attempt: 1, facts: FACTS }).answers.interface,
		).toBe('wg0');
	});

	it('ignores a result of another attempt, and events of a run that is over', () => {
		const state = connecting();
		refuses(state, { type: 'connect-done', attempt: 2, facts: FACTS });
		refuses(state, { type: 'run-event', run: 'provision', event: started('etcd1') });
		const done = fold(state, { type: 'connect-done', attempt: 1, facts: FACTS });
		refuses(done, { type: 'run-event', run: 'connect', event: started('etcd1') });
		refuses(done, { type: 'host-key-asked', question });
		refuses(done, { type: 'host-key-answered' });
	});

	it('shows a failure, tries again with Enter, and starts afresh', () => {
		const failed = fold(
			connecting(),
			{ type: 'run-event', run: 'connect', event: started('etcd1') },
			{ type: 'run-failed', run: 'connect', attempt: 1, failure },
		);
		expect(failed.connect).toMatchObject({ status: 'failed', failure });
		refuses(failed, { type: 'next' });
		const again = fold(failed, { type: 'retry', at: 99 });
		expect(again.connect).toMatchObject({ status: 'running', attempt: 2 });
		expect(again.connect.progress.nodes.every((n) => n.status === 'waiting')).toBe(true);
		refuses(again, { type: 'retry' });
	});

	it('Esc while connecting goes back to the hosts; the late result is dropped', () => {
		const back = fold(connecting(), { type: 'back' });
		expect(back.step).toBe('hosts');
		expect(back.connect.status).toBe('idle');
		refuses(back, { type: 'connect-done', attempt: 1, facts: FACTS });
		refuses(back, { type: 'run-failed', run: 'connect', attempt: 1, failure });
		// Going forward again connects again, with fresh facts.
		const again = fold(back, { type: 'next' });
		expect(again.connect).toMatchObject({ status: 'running', attempt: 2 });
		expect(again.facts).toEqual(new Map());
	});
});

describe('health of a recent file', () => {
	const recent = { ...ENV, recentFiles: ['/srv/lab/cluster.yaml'] };
	const checking = () =>
		fold(
			initialWizardState(recent),
			{ type: 'start-menu', choice: 'health' },
			{ type: 'start-file', file: '/srv/lab/cluster.yaml' },
			{ type: 'key-checked', file: '/srv/lab/cluster.yaml', check: { status: 'ok' } },
		);

	it('ends on the done step with the table', () => {
		const health = healthOf(['etcd1']);
		const done = fold(checking(), { type: 'health-done', attempt: 1, health });
		expect(done).toMatchObject({
			step: 'done',
			result: { health, clusterFile: '/srv/lab/cluster.yaml' },
		});
		expect(fold(done, { type: 'quit' }).exit).toBe(0);
	});

	it('shows a failure on the start menu with the next step', () => {
		const failed = fold(checking(), { type: 'run-failed', run: 'connect', attempt: 1, failure });
		expect(failed.step).toBe('start');
		expect(failed.start).toEqual({
			menu: 'main',
			error: 'cannot connect to 1 of 3 hosts\nnext: check sshd',
		});
	});
});

describe('review', () => {
	it('switches pages and scrolls within bounds', () => {
		const review = stateAt('review');
		const yaml = fold(
			review,
			{ type: 'review-tab', tab: 1 },
			{ type: 'review-scroll', delta: 5, max: 20 },
		);
		expect(yaml.review).toEqual({ tab: 1, scroll: 5 });
		expect(fold(yaml, { type: 'review-scroll', delta: 50, max: 20 }).review.scroll).toBe(20);
		expect(fold(yaml, { type: 'review-scroll', delta: -50, max: 20 }).review.scroll).toBe(0);
		expect(fold(yaml, { type: 'review-tab', tab: 2 }).review).toEqual({ tab: 2, scroll: 0 });
		refuses(review, { type: 'review-tab', tab: 3 });
		refuses(review, { type: 'review-scroll', delta: -1, max: 20 });
		refuses(stateAt('tuning'), { type: 'review-tab', tab: 1 });
	});

	it('keeps the templates, or why they could not be read', async () => {
		const templates = await loadTemplates();
		expect(fold(stateAt('review'), { type: 'templates-loaded', templates }).templates).toBe(
			templates,
		);
		expect(
			fold(stateAt('review'), { type: 'templates-failed', message: 'gone' }).templatesError,
		).toBe('gone');
	});

	it('refuses to provision answers that would not load back', () => {
		const review = stateAt('review');
		refuses({ ...review, answers: { ...review.answers, sshPort: '0' } }, { type: 'next' });
	});
});

describe('provision', () => {
	it('starts a run for every host and ends on the done step with the health table', () => {
		const state = provisioning();
		expect(state.provision).toMatchObject({ status: 'running', attempt: 1, confirmStop: false });
		const moving = fold(state, {
			type: 'run-event',
			run: 'provision',
			event: { type: 'phase', title: 'Provisioning' },
		});
		expect(moving.provision.progress.phase).toBe('Provisioning');
		refuses(moving, { type: 'back' });
		const health = healthOf(['etcd1', 'etcd2', 'etcd3']);
		const done = fold(moving, { type: 'provision-done', attempt: 1, health });
		expect(done).toMatchObject({
			step: 'done',
			result: { health, clusterFile: '/home/ops/work/homelab/cluster.yaml' },
		});
		refuses(done, { type: 'back' });
		expect(fold(done, { type: 'quit' }).exit).toBe(0);
		const sick = fold(moving, {
			type: 'provision-done',
			attempt: 1,
			health: healthOf(['etcd1'], 'etcd1'),
		});
		expect(fold(sick, { type: 'quit' }).exit).toBe(1);
	});

	it('asks on Ctrl-C; no keeps going, yes stops after the current steps', () => {
		const asked = fold(provisioning(), { type: 'interrupt' });
		expect(asked.provision.confirmStop).toBe(true);
		expect(fold(asked, { type: 'stop-answered', stop: false }).provision).toMatchObject({
			status: 'running',
			confirmStop: false,
		});
		const stopping = fold(asked, { type: 'stop-answered', stop: true });
		expect(stopping.provision).toMatchObject({ status: 'stopping', confirmStop: false });
		refuses(stopping, { type: 'stop-answered', stop: true });
		// Events of the steps still finishing are shown; then the stop is reported.
		expect(
			fold(stopping, { type: 'run-event', run: 'provision', event: started('etcd2') }).provision
				.progress.nodes[1]?.status,
		).toBe('running');
		const stopped = fold(stopping, {
			type: 'run-failed',
			run: 'provision',
			attempt: 1,
			failure: { ...failure, aborted: true },
		});
		expect(stopped.provision.status).toBe('failed');
		// A second Ctrl-C quits at once.
		expect(fold(asked, { type: 'interrupt' }).exit).toBe(130);
		expect(fold(stopping, { type: 'interrupt' }).exit).toBe(130);
	});

	it('after a failure: run again, back to the review, or quit with 1', () => {
		const failed = fold(provisioning(), {
			type: 'run-failed',
			run: 'provision',
			attempt: 1,
			failure,
		});
		expect(failed.provision).toMatchObject({ status: 'failed', failure });
		expect(fold(failed, { type: 'retry' }).provision).toMatchObject({
			status: 'running',
			attempt: 2,
		});
		expect(fold(failed, { type: 'back' }).step).toBe('review');
		expect(fold(failed, { type: 'quit' }).exit).toBe(1);
		refuses(failed, { type: 'provision-done', attempt: 1, health: healthOf(['etcd1']) });
		refuses(provisioning(), { type: 'quit' });
	});

	it('quits with 130 on Ctrl-C anywhere else, and then takes no more actions', () => {
		const quit = fold(stateAt('ports'), { type: 'interrupt' });
		expect(quit.exit).toBe(130);
		refuses(quit, { type: 'next' });
		refuses(quit, { type: 'back' });
	});
});
