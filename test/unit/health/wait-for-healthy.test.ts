import { describe, expect, it } from 'vitest';
import type { Dial, MemberEndpoint } from '../../../source/health/types.js';
import { waitForHealthy } from '../../../source/health/wait-for-healthy.js';

const IDENTITY = { caCert: '', cert: '', key: '' };
const MEMBERS: MemberEndpoint[] = [1, 2, 3].map((n) => ({
	name: `etcd${n}`,
	ip: `10.88.0.1${n}`,
	clientPort: 2379,
}));

/** A dialer for members that are all down; counts its calls. */
function downDialer(): { dial: Dial; calls: () => number } {
	let calls = 0;
	const dial: Dial = async (member) => {
		calls++;
		throw new Error(`no route to ${member.ip}`);
	};
	return { dial, calls: () => calls };
}

describe('waitForHealthy', () => {
	it('keeps trying until the deadline, then names every member that is not healthy and why', async () => {
		const { dial, calls } = downDialer();
		const started = performance.now();
		const waiting = waitForHealthy('homelab', MEMBERS, IDENTITY, dial, {
			deadlineMs: 300,
			intervalMs: 50,
			want: 'quorum',
		});
		await expect(waiting).rejects.toThrow(
			'etcd cluster homelab did not reach a healthy quorum within 300 ms; ' +
				'etcd1: cannot reach etcd1 at 10.88.0.11:2379: no route to 10.88.0.11; ' +
				'etcd2: cannot reach etcd2 at 10.88.0.12:2379: no route to 10.88.0.12; ' +
				'etcd3: cannot reach etcd3 at 10.88.0.13:2379: no route to 10.88.0.13',
		);
		// It stops when the next pass could not start before the deadline: 300 - 50 ms.
		expect(performance.now() - started).toBeGreaterThanOrEqual(250);
		// Several passes of three members each.
		expect(calls()).toBeGreaterThanOrEqual(9);
	});

	it('gives a pass near the deadline a second rather than report its own haste', async () => {
		const hanging: Dial = () => new Promise(() => {});
		const started = performance.now();
		const waiting = waitForHealthy('homelab', MEMBERS.slice(0, 1), IDENTITY, hanging, {
			deadlineMs: 200,
			want: 'all',
		});
		await expect(waiting).rejects.toThrow(
			'etcd cluster homelab did not reach every member healthy within 200 ms; ' +
				'etcd1: cannot reach etcd1 at 10.88.0.11:2379: no answer to the connect within 1000 ms',
		);
		expect(performance.now() - started).toBeLessThan(1500);
	});

	it('bounds a pass by timeoutMs when the deadline is far', async () => {
		const hanging: Dial = () => new Promise(() => {});
		const waiting = waitForHealthy('homelab', MEMBERS.slice(0, 1), IDENTITY, hanging, {
			deadlineMs: 1500,
			intervalMs: 1000,
			timeoutMs: 1200,
			want: 'all',
		});
		// One pass of 1.2 s; the next could not start before the deadline.
		await expect(waiting).rejects.toThrow('no answer to the connect within 1200 ms');
	});

	it('stops when the signal aborts', async () => {
		const { dial } = downDialer();
		const controller = new AbortController();
		const waiting = waitForHealthy('homelab', MEMBERS, IDENTITY, dial, {
			signal: controller.signal,
			deadlineMs: 60_000,
			intervalMs: 20,
			want: 'all',
		});
		controller.abort(new Error('cancelled by the operator'));
		await expect(waiting).rejects.toThrow('cancelled by the operator');
	});
});
