import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dial, MemberEndpoint } from '../../../source/health/types.js';
import { waitForHealthy } from '../../../source/health/wait-for-healthy.js';

// The wait runs on vitest's fake clock: `performance.now()` and `setTimeout` are faked, and so
// are the two timers the engine takes from elsewhere, which vitest's fake timers do not reach:
// the pause between passes (node:timers/promises, mocked here onto the faked setTimeout) and
// each member's time limit (AbortSignal.timeout, spied onto it). A test then runs the clock
// until no timer is left and asserts when the wait ended and how many passes it made.
vi.mock('node:timers/promises', async (importOriginal) => {
	const actual = await importOriginal<typeof import('node:timers/promises')>();
	const sleep = <T>(ms?: number, value?: T, options?: { signal?: AbortSignal }) =>
		new Promise<T>((resolve, reject) => {
			const signal = options?.signal;
			// As node's: an abort rejects with an AbortError caused by the signal's reason.
			const abortError = () =>
				Object.assign(new Error('The operation was aborted'), {
					name: 'AbortError',
					code: 'ABORT_ERR',
					cause: signal?.reason,
				});
			if (signal?.aborted) return reject(abortError());
			const onAbort = () => {
				globalThis.clearTimeout(timer);
				reject(abortError());
			};
			const timer = globalThis.setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve(value as T);
			}, ms);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	return { ...actual, setTimeout: sleep };
});

beforeEach(() => {
	vi.useFakeTimers();
	vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => {
		const controller = new AbortController();
		setTimeout(
			() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
			ms,
		);
		return controller.signal;
	});
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

const IDENTITY = { caCert: '', cert: '', key: '' };
const MEMBERS: MemberEndpoint[] = [1, 2, 3].map((n) => ({
	name: `etcd${n}`,
	ip: `10.88.0.1${n}`,
	clientPort: 2379,
}));

/** The fake clock's time when `promise` settles, either way. */
function settled(promise: Promise<unknown>): Promise<number> {
	return promise.then(
		() => performance.now(),
		() => performance.now(),
	);
}

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
		const settledAt = settled(waiting);
		const outcome = expect(waiting).rejects.toThrow(
			'etcd cluster homelab did not reach a healthy quorum within 300 ms; ' +
				'etcd1: cannot reach etcd1 at 10.88.0.11:2379: no route to 10.88.0.11; ' +
				'etcd2: cannot reach etcd2 at 10.88.0.12:2379: no route to 10.88.0.12; ' +
				'etcd3: cannot reach etcd3 at 10.88.0.13:2379: no route to 10.88.0.13',
		);
		await vi.runAllTimersAsync();
		await outcome;
		// It stops when the next pass could not start before the deadline: 300 - 50 ms, after
		// a pass at 0, 50, 100, 150, 200 and 250 ms, of three members each.
		expect((await settledAt) - started).toBe(250);
		expect(calls()).toBe(6 * MEMBERS.length);
	});

	it('gives a pass near the deadline a second rather than report its own haste', async () => {
		const dialed = vi.fn<Dial>(() => new Promise(() => {}));
		const started = performance.now();
		const waiting = waitForHealthy('homelab', MEMBERS.slice(0, 1), IDENTITY, dialed, {
			deadlineMs: 200,
			want: 'all',
		});
		const settledAt = settled(waiting);
		const outcome = expect(waiting).rejects.toThrow(
			'etcd cluster homelab did not reach every member healthy within 200 ms; ' +
				'etcd1: cannot reach etcd1 at 10.88.0.11:2379: no answer to the connect within 1000 ms',
		);
		await vi.runAllTimersAsync();
		await outcome;
		// One pass of a second, and no second pass: it gave up when that pass ended.
		expect((await settledAt) - started).toBe(1000);
		expect(dialed).toHaveBeenCalledTimes(1);
	});

	it('bounds a pass by timeoutMs when the deadline is far', async () => {
		const dialed = vi.fn<Dial>(() => new Promise(() => {}));
		const started = performance.now();
		const waiting = waitForHealthy('homelab', MEMBERS.slice(0, 1), IDENTITY, dialed, {
			deadlineMs: 1500,
			intervalMs: 1000,
			timeoutMs: 1200,
			want: 'all',
		});
		const settledAt = settled(waiting);
		const outcome = expect(waiting).rejects.toThrow('no answer to the connect within 1200 ms');
		await vi.runAllTimersAsync();
		await outcome;
		// One pass of 1.2 s; the next could not start before the deadline.
		expect((await settledAt) - started).toBe(1200);
		expect(dialed).toHaveBeenCalledTimes(1);
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
