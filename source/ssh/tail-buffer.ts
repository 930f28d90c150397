/** Collects a stream's output, keeping only the last `cap` bytes so a chatty command cannot exhaust memory. */
export class TailBuffer {
	readonly #cap: number;
	#chunks: Buffer[] = [];
	#size = 0;
	#dropped = false;

	constructor(cap = 1024 * 1024) {
		this.#cap = cap;
	}

	push(chunk: Buffer): void {
		this.#chunks.push(chunk);
		this.#size += chunk.length;
		// Drop whole chunks from the head, then cut into the first one: no copying per push.
		while (this.#size > this.#cap) {
			const head = this.#chunks[0];
			if (!head) break;
			const excess = this.#size - this.#cap;
			this.#dropped = true;
			if (head.length <= excess) {
				this.#chunks.shift();
				this.#size -= head.length;
			} else {
				this.#chunks[0] = head.subarray(excess);
				this.#size -= excess;
			}
		}
	}

	/** The kept bytes as UTF-8; when the head was cut, a partial character there is dropped. */
	toString(): string {
		const text = Buffer.concat(this.#chunks).toString('utf8');
		return this.#dropped ? text.replace(/^\uFFFD+/, '') : text;
	}
}
