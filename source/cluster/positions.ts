import type { LineCounter, Node } from 'yaml';
import { formatPath, type KeyPath } from './diagnostics.js';

/** A 1-based position in the file; line 0 means "no position". */
export interface Position {
	readonly line: number;
	readonly column: number;
}

/** Whether a diagnostic points at a node's value or at the key that names it. */
export type Anchor = 'value' | 'key';

interface Entry {
	readonly key: Position;
	readonly value: Position;
}

const NOWHERE: Position = { line: 0, column: 0 };

/** Maps key paths to where their key and value are written, for diagnostics. */
export class Positions {
	readonly #entries = new Map<string, Entry>();
	readonly #lineCounter: LineCounter | undefined;

	/** Without a line counter every lookup answers "no position" (an in-memory spec). */
	constructor(lineCounter?: LineCounter) {
		this.#lineCounter = lineCounter;
	}

	/** Records a key path; `value` is omitted when the key has no value written. */
	record(path: KeyPath, key: Node | undefined, value: Node | undefined): void {
		const valuePosition = this.#at(value) ?? this.#at(key);
		if (!valuePosition) return;
		const keyPosition = this.#at(key) ?? valuePosition;
		this.#entries.set(formatPath(path), { key: keyPosition, value: valuePosition });
	}

	/**
	 * Where to point for `path`: its value (or key); when the path is not in the file, the key
	 * of the nearest ancestor that is; the file's start when none is.
	 */
	locate(path: KeyPath, anchor: Anchor = 'value'): Position {
		const entry = this.#entries.get(formatPath(path));
		if (entry) return entry[anchor];
		if (path.length > 0) return this.locate(path.slice(0, -1), 'key');
		return this.#lineCounter ? { line: 1, column: 1 } : NOWHERE;
	}

	#at(node: Node | undefined): Position | undefined {
		const offset = node?.range?.[0];
		if (offset === undefined || !this.#lineCounter) return undefined;
		const { line, col } = this.#lineCounter.linePos(offset);
		return { line, column: col };
	}
}
