import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../source/events/run-event.js';
import type { ClusterHealth } from '../../../source/health/types.js';
import { nodeStep } from '../../../source/run/node-step.js';
import { nextToRestart, type RestartContext, restartInTurns } from '../../../source/run/rolling.js';
import type { HostConnection } from '../../../source/ssh/index.js';

/** A health answer naming `leader`; every member healthy. */
function healthWith(leader: string | null): ClusterHealth {
	return {
		cluster: { name: 'lab', healthy: true, quorum: true, leader, clusterId: null, members: 3 },
		members: [],
	};
}

/**
 * A context whose restarts and health checks are recorded in `log`; `fail` names what fails.
 * Like etcd, a leader that restarts hands leadership to the first other member.
 */
function context(
	fail: { restart?: boolean; healthyAfter?: number } = {},
	members: readonly string[] = ['etcd1', 'etcd2', 'etcd3'],
	firstLeader: string | null = null,
) {
	const log: string[] = [];
	const events: RunEvent[] = [];
	const state = { checks: 0, leader: firstLeader, leaderChanges: 0 };
	const connection = (node: string) =>
		({
			exec: async (command: string) => {
				log.push(`${command} on ${node}`);
				if (fail.restart) throw new Error('Job for etcd.service failed');
				if (node === state.leader) {
					state.leader = members.find((m) => m !== node) ?? null;
					state.leaderChanges++;
				}
				return { code: 0, stdout: '', stderr: '' };
			},
		}) as unknown as HostConnection;
	const ctx: RestartContext = {
		emit: (e) => events.push(e),
		connection,
		healthy: async () => {
			state.checks++;
			log.push(`healthy #${state.checks}`);
			if (fail.healthyAfter !== undefined && state.checks > fail.healthyAfter)
				throw new Error('etcd2: no answer');
			return healthWith(state.leader);
		},
	};
	return { ctx, log, events, state };
}

const RESTART = 'systemctl restart etcd.service';

describe('nextToRestart', () => {
	const left = [{ node: 'etcd1' }, { node: 'etcd2' }, { node: 'etcd3' }];
	it('takes the first member that does not lead', () => {
		expect(nextToRestart(left, 'etcd1')?.node).toBe('etcd2');
		expect(nextToRestart(left, 'etcd2')?.node).toBe('etcd1');
	});
	it('takes the first when no leader is known or the leader is not in the list', () => {
		expect(nextToRestart(left, null)?.node).toBe('etcd1');
		expect(nextToRestart(left, 'b0a1570e32d49b52')?.node).toBe('etcd1');
	});
	it('takes the leader when it is the only one left, and nothing from an empty list', () => {
		expect(nextToRestart([{ node: 'etcd3' }], 'etcd3')?.node).toBe('etcd3');
		expect(nextToRestart([], 'etcd3')).toBeUndefined();
	});
});

describe('restartInTurns', () => {
	it('waits for a healthy cluster, changes, restarts, and waits again', async () => {
		const { ctx, log, events } = context();
		const order = await restartInTurns(
			[{ node: 'etcd2', reason: 'ca.crt changed', change: async () => void log.push('change') }],
			ctx,
		);
		expect(order).toEqual(['etcd2']);
		expect(log).toEqual(['healthy #1', 'change', `${RESTART} on etcd2`, 'healthy #2']);
		expect(
			events.map((e) => (e.type === 'phase' ? e.title : `${e.type} ${'step' in e ? e.step : ''}`)),
		).toEqual([
			'Rolling restart: etcd2',
			'node-step-started restart',
			'node-step-done restart',
			'node-step-started healthy',
			'node-step-done healthy',
		]);
	});

	it('restarts the leader last, so leadership moves once', async () => {
		const { ctx, log, state } = context({}, ['etcd1', 'etcd2', 'etcd3'], 'etcd1');
		const done: string[] = [];
		const order = await restartInTurns(
			['etcd1', 'etcd2', 'etcd3'].map((node) => ({ node, reason: 'r' })),
			ctx,
			(node) => done.push(node),
		);
		expect(order).toEqual(['etcd2', 'etcd3', 'etcd1']);
		expect(done).toEqual(order);
		expect(state.leaderChanges).toBe(1);
		// The wait that ends a turn is the next one's gate: one check before, one per turn.
		expect(log).toEqual([
			'healthy #1',
			`${RESTART} on etcd2`,
			'healthy #2',
			`${RESTART} on etcd3`,
			'healthy #3',
			`${RESTART} on etcd1`,
			'healthy #4',
		]);
	});

	it('follows a leader that changes between turns', async () => {
		const { ctx, state } = context({}, ['etcd1', 'etcd2', 'etcd3'], 'etcd3');
		const order = await restartInTurns(
			['etcd1', 'etcd2', 'etcd3'].map((node) => ({
				node,
				reason: 'r',
				// An election elsewhere while etcd1 restarts.
				change: async () => {
					if (node === 'etcd1') state.leader = 'etcd2';
				},
			})),
			ctx,
		);
		expect(order).toEqual(['etcd1', 'etcd3', 'etcd2']);
	});

	it('uses the gate before the first turn only, and healthy after each turn', async () => {
		const { ctx, log } = context();
		await restartInTurns(
			[
				{ node: 'etcd1', reason: 'r' },
				{ node: 'etcd2', reason: 'r' },
			],
			{
				...ctx,
				gate: async () => {
					log.push('gate');
					return healthWith(null);
				},
			},
		);
		expect(log).toEqual([
			'gate',
			`${RESTART} on etcd1`,
			'healthy #1',
			`${RESTART} on etcd2`,
			'healthy #2',
		]);
	});

	it('changes nothing when the cluster is not healthy to begin with', async () => {
		const { ctx, log } = context({ healthyAfter: 0 });
		let recovered = false;
		const turn = restartInTurns(
			[
				{
					node: 'etcd2',
					reason: 'r',
					change: async () => void log.push('change'),
					recover: async () => {
						recovered = true;
					},
				},
			],
			ctx,
		);
		await expect(turn).rejects.toThrow('etcd2: no answer');
		expect(log).toEqual(['healthy #1']);
		expect(recovered).toBe(false);
	});

	it('lets recover put things back when the restart fails, passes its error on, goes no further', async () => {
		const { ctx, log } = context({ restart: true });
		const seen: unknown[] = [];
		const plain = restartInTurns(
			[
				{ node: 'etcd2', reason: 'r', recover: async (e) => void seen.push(e) },
				{ node: 'etcd3', reason: 'r' },
			],
			ctx,
		);
		await expect(plain).rejects.toThrow('Job for etcd.service failed');
		expect(seen).toHaveLength(1);
		expect(log.filter((l) => l.startsWith(RESTART))).toEqual([`${RESTART} on etcd2`]);
		const own = restartInTurns(
			[
				{
					node: 'etcd2',
					reason: 'r',
					recover: async () => {
						throw new Error('etcd2 was put back');
					},
				},
			],
			ctx,
		);
		await expect(own).rejects.toThrow('etcd2 was put back');
	});

	it('does not recover after an abort, and does not start once aborted', async () => {
		const controller = new AbortController();
		const { ctx } = context({ healthyAfter: 1 });
		let recovered = false;
		const turn = restartInTurns(
			[
				{
					node: 'etcd2',
					reason: 'r',
					change: async () => controller.abort(),
					recover: async () => {
						recovered = true;
					},
				},
			],
			{ ...ctx, signal: controller.signal },
		);
		await expect(turn).rejects.toThrow('etcd2: no answer');
		expect(recovered).toBe(false);
		await expect(
			restartInTurns([{ node: 'etcd3', reason: 'r' }], { ...ctx, signal: controller.signal }),
		).rejects.toThrow(/aborted/);
	});

	it('with stopBetweenTurns, finishes the turn under way and stops before the next', async () => {
		const controller = new AbortController();
		const { ctx, log } = context();
		const done: string[] = [];
		const run = restartInTurns(
			[
				{ node: 'etcd1', reason: 'r', change: async () => controller.abort() },
				{ node: 'etcd2', reason: 'r' },
			],
			{ ...ctx, stopBetweenTurns: controller.signal },
			(node) => done.push(node),
		);
		await expect(run).rejects.toThrow(/aborted/);
		expect(done).toEqual(['etcd1']);
		expect(log).toEqual(['healthy #1', `${RESTART} on etcd1`, 'healthy #2']);
	});
});

describe('nodeStep', () => {
	it('gives the hint the caller names, else the next step for the kind of step', async () => {
		const events: RunEvent[] = [];
		const fail = () => Promise.reject(new Error('no'));
		await expect(
			nodeStep((e) => events.push(e), 'etcd1', 'files', 'T', fail, 'do this'),
		).rejects.toThrow();
		await expect(nodeStep((e) => events.push(e), 'etcd1', 'restart', 'T', fail)).rejects.toThrow();
		const hints = events.flatMap((e) => (e.type === 'node-step-failed' ? [e.hint] : []));
		expect(hints).toEqual([
			'do this',
			"look at the member's log: journalctl -u etcd -n 50 on etcd1; etcd-wizard check <cluster.yaml> finds blocked ports",
		]);
	});
});
