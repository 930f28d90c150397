import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../source/ssh/semaphore.js';

describe('Semaphore', () => {
	it('never lets more than its slots run and serves waiters in order', async () => {
		const slots = new Semaphore(2);
		let running = 0;
		let peak = 0;
		const order: number[] = [];
		const gates = Array.from({ length: 6 }, () => {
			let resolve = () => {};
			const promise = new Promise<void>((done) => {
				resolve = done;
			});
			return { promise, resolve };
		});
		const tasks = gates.map(async (gate, index) => {
			const release = await slots.acquire();
			order.push(index);
			running += 1;
			peak = Math.max(peak, running);
			await gate.promise;
			running -= 1;
			release();
			release(); // a second release must not free a second slot
		});
		for (const gate of gates) {
			await new Promise((resolve) => setImmediate(resolve));
			gate.resolve();
		}
		await Promise.all(tasks);
		expect(peak).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5]);
		expect(slots.free).toBe(2);
	});

	it('rejects a waiter whose signal aborts, without taking a slot', async () => {
		const slots = new Semaphore(1);
		const release = await slots.acquire();
		const controller = new AbortController();
		const waiting = slots.acquire(controller.signal);
		controller.abort();
		await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
		release();
		expect(slots.free).toBe(1);
		await expect(slots.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
		expect(() => new Semaphore(0)).toThrow(RangeError);
	});
});
