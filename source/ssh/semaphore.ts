import { AbortError } from './errors.js';

/** Counts free slots; `acquire` waits in FIFO order and gives up when its signal aborts. */
export class Semaphore {
	#free: number;
	readonly #waiting: Array<{ grant: () => void }> = [];

	constructor(slots: number) {
		if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be >= 1: ${slots}`);
		this.#free = slots;
	}

	/** Slots not taken right now. */
	get free(): number {
		return this.#free;
	}

	/** Resolves with a release function once a slot is free; release is safe to call twice. */
	acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) return Promise.reject(new AbortError('aborted before it started'));
		return new Promise((resolve, reject) => {
			const grant = () => {
				signal?.removeEventListener('abort', onAbort);
				let released = false;
				resolve(() => {
					if (released) return;
					released = true;
					this.#release();
				});
			};
			const waiter = { grant };
			const onAbort = () => {
				const index = this.#waiting.indexOf(waiter);
				if (index >= 0) this.#waiting.splice(index, 1);
				reject(new AbortError('aborted while waiting for a free channel'));
			};
			if (this.#free > 0) {
				this.#free -= 1;
				grant();
				return;
			}
			signal?.addEventListener('abort', onAbort, { once: true });
			this.#waiting.push(waiter);
		});
	}

	#release(): void {
		const next = this.#waiting.shift();
		if (next) next.grant();
		else this.#free += 1;
	}
}
