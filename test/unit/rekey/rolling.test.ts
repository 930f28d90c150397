import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../source/run/events.js';
import { nodeStep } from '../../../source/run/node-step.js';
import { type RestartContext, restartWhenHealthy } from '../../../source/run/rolling.js';
import type { HostConnection } from '../../../source/ssh/index.js';

/** A context whose restarts and health checks are recorded in `log`; `fail` names what fails. */
function context(fail: { restart?: boolean; healthyAfter?: number } = {}) {
	const log: string[] = [];
	const events: RunEvent[] = [];
	let checks = 0;
	const connection = {
		exec: async (command: string) => {
			log.push(command);
			if (fail.restart) throw new Error('Job for etcd.service failed');
			return { code: 0, stdout: '', stderr: '' };
		},
	} as unknown as HostConnection;
	const ctx: RestartContext = {
		emit: (e) => events.push(e),
		connection: () => connection,
		healthy: async () => {
			checks++;
			log.push(`healthy #${checks}`);
			if (fail.healthyAfter !== undefined && checks > fail.healthyAfter)
				throw new Error('etcd2: no answer');
		},
	};
	return { ctx, log, events };
}

describe('restartWhenHealthy', () => {
	it('waits for a healthy cluster, changes, restarts, and waits again', async () => {
		const { ctx, log, events } = context();
		await restartWhenHealthy(
			{ node: 'etcd2', reason: 'ca.crt changed', change: async () => void log.push('change') },
			ctx,
		);
		expect(log).toEqual(['healthy #1', 'change', 'systemctl restart etcd.service', 'healthy #2']);
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

	it('changes nothing when the cluster is not healthy to begin with', async () => {
		const { ctx, log } = context({ healthyAfter: 0 });
		let recovered = false;
		const turn = restartWhenHealthy(
			{
				node: 'etcd2',
				reason: 'r',
				change: async () => void log.push('change'),
				recover: async () => {
					recovered = true;
				},
			},
			ctx,
		);
		await expect(turn).rejects.toThrow('etcd2: no answer');
		expect(log).toEqual(['healthy #1']);
		expect(recovered).toBe(false);
	});

	it('lets recover put things back when the restart fails, and passes its error on', async () => {
		const { ctx } = context({ restart: true });
		const seen: unknown[] = [];
		const plain = restartWhenHealthy(
			{ node: 'etcd2', reason: 'r', recover: async (e) => void seen.push(e) },
			ctx,
		);
		await expect(plain).rejects.toThrow('Job for etcd.service failed');
		expect(seen).toHaveLength(1);
		const own = restartWhenHealthy(
			{
				node: 'etcd2',
				reason: 'r',
				recover: async () => {
					throw new Error('etcd2 was put back');
				},
			},
			ctx,
		);
		await expect(own).rejects.toThrow('etcd2 was put back');
	});

	it('does not recover after an abort, and does not start once aborted', async () => {
		const controller = new AbortController();
		const { ctx } = context({ healthyAfter: 1 });
		let recovered = false;
		const turn = restartWhenHealthy(
			{
				node: 'etcd2',
				reason: 'r',
				change: async () => controller.abort(),
				recover: async () => {
					recovered = true;
				},
			},
			{ ...ctx, signal: controller.signal },
		);
		await expect(turn).rejects.toThrow('etcd2: no answer');
		expect(recovered).toBe(false);
		await expect(
			restartWhenHealthy({ node: 'etcd3', reason: 'r' }, { ...ctx, signal: controller.signal }),
		).rejects.toThrow(/aborted/);
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
