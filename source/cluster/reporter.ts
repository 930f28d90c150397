import { type Diagnostic, formatPath, type KeyPath } from './diagnostics.js';
import type { Anchor, Positions } from './positions.js';
import { capped } from './shown.js';

/**
 * Collects diagnostics for one file. A path that already has an error (itself or an ancestor)
 * gets no further ones: a value of the wrong type is reported once, not again as "missing".
 */
export class Reporter {
	readonly diagnostics: Diagnostic[] = [];
	readonly #errorPaths = new Set<string>();

	constructor(
		readonly file: string,
		readonly positions: Positions,
	) {}

	error(path: KeyPath, message: string, anchor?: Anchor): void {
		if (this.add('error', path, message, anchor)) this.#errorPaths.add(formatPath(path));
	}

	warning(path: KeyPath, message: string, anchor?: Anchor): void {
		this.add('warning', path, message, anchor);
	}

	/** Whether `path` or one of its ancestors has an error. */
	hasError(path: KeyPath): boolean {
		for (let length = path.length; length >= 0; length--) {
			if (this.#errorPaths.has(formatPath(path.slice(0, length)))) return true;
		}
		return false;
	}

	private add(
		severity: Diagnostic['severity'],
		path: KeyPath,
		message: string,
		anchor: Anchor = 'value',
	): boolean {
		if (this.hasError(path)) return false;
		const { line, column } = this.positions.locate(path, anchor);
		this.diagnostics.push({
			severity,
			file: this.file,
			line,
			column,
			// A key from the file is echoed capped, like any value.
			path: formatPath(
				path.map((segment) => (typeof segment === 'string' ? capped(segment) : segment)),
			),
			message,
		});
		return true;
	}
}
