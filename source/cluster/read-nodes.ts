import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { KeyPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { capped, quoted } from './shown.js';
import { suggestKey } from './suggest.js';
import type { SettingValue } from './types.js';

/** A value node as the document holds it; null when a key has nothing after its colon. */
export type Value = Node | null | undefined;

/** Reads typed values out of YAML nodes, reporting every mismatch with its position. */
export class NodeReader {
	constructor(
		readonly document: Document,
		readonly report: Reporter,
	) {}

	/**
	 * The entries of a map, each recorded for positions. Keys outside `accepted` are errors
	 * (typos) and left out; undefined when the node is not a map.
	 */
	map(node: Value, path: KeyPath, accepted?: readonly string[]): Map<string, Value> | undefined {
		const resolved = this.resolve(node);
		if (!isMap(resolved)) {
			const subject = path.length === 0 ? 'the file must be a map' : 'must be a map';
			const keys = accepted ? ` with the keys ${accepted.join(', ')}` : ' of keys and values';
			this.report.error(path, `${subject}${keys}; ${describe(resolved)}`);
			return undefined;
		}
		const entries = new Map<string, Value>();
		for (const pair of resolved.items) {
			const keyNode = isScalar(pair.key) ? pair.key : undefined;
			const key = String(keyNode ? keyNode.value : pair.key);
			const value = pair.value as Value;
			const keyPath = [...path, key];
			this.report.positions.record(
				keyPath,
				keyNode,
				isEmpty(value) ? undefined : (value ?? undefined),
			);
			if (accepted && !accepted.includes(key)) {
				this.report.error(keyPath, unknownKeyMessage(key, accepted), 'key');
				continue;
			}
			entries.set(key, value);
		}
		return entries;
	}

	/** The items of a sequence, each recorded for positions; undefined when not a sequence. */
	seq(node: Value, path: KeyPath, what: string): Value[] | undefined {
		const resolved = this.resolve(node);
		if (!isSeq(resolved)) {
			this.report.error(path, `must be a list of ${what}; ${describe(resolved)}`);
			return undefined;
		}
		return resolved.items.map((item, index) => {
			const itemNode = item as Value;
			this.report.positions.record([...path, index], undefined, itemNode ?? undefined);
			return itemNode;
		});
	}

	/** A non-empty string. */
	string(node: Value, path: KeyPath): string | undefined {
		const value = this.scalar(node, path, 'a string');
		if (value === undefined) return undefined;
		if (typeof value !== 'string') return this.mismatch(path, 'a string', node);
		if (value.trim() === '') {
			this.report.error(path, 'must not be empty; write a value or remove the key');
			return undefined;
		}
		return value;
	}

	/** A whole number. */
	integer(node: Value, path: KeyPath): number | undefined {
		const value = this.scalar(node, path, 'a whole number');
		if (typeof value === 'number' && Number.isInteger(value)) return value;
		return value === undefined ? undefined : this.mismatch(path, 'a whole number', node);
	}

	/** true or false (YAML 1.2: `yes`/`no` are strings). */
	boolean(node: Value, path: KeyPath): boolean | undefined {
		const value = this.scalar(node, path, 'true or false');
		if (typeof value === 'boolean') return value;
		return value === undefined ? undefined : this.mismatch(path, 'true or false', node);
	}

	/** An etcd flag value: a string, number or boolean, never a list or map. */
	setting(node: Value, path: KeyPath): SettingValue | undefined {
		return this.scalar(node, path, 'a string, number or boolean');
	}

	private scalar(node: Value, path: KeyPath, expected: string): SettingValue | undefined {
		const resolved = this.resolve(node);
		if (isEmpty(resolved)) {
			this.report.error(path, `has no value; write ${expected} or remove the key`);
			return undefined;
		}
		if (isScalar(resolved)) {
			const { value } = resolved;
			if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
				return value;
			}
		}
		this.report.error(path, `must be ${expected}; ${describe(resolved)}`);
		return undefined;
	}

	private mismatch(path: KeyPath, expected: string, node: Value): undefined {
		const resolved = this.resolve(node);
		const quoted = isScalar(resolved) && /^QUOTE_/.test(resolved.type ?? '');
		const hint =
			expected === 'a string' ? ' (put it in quotes)' : quoted ? ' (remove the quotes)' : '';
		this.report.error(path, `must be ${expected}${hint}; ${describe(resolved)}`);
		return undefined;
	}

	private resolve(node: Value): Value {
		return isAlias(node) ? (node.resolve(this.document) ?? null) : node;
	}
}

/** A key written with nothing after its colon. */
function isEmpty(node: Value): boolean {
	return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** What was found instead, for "must be X; got Y" messages. */
function describe(node: Value): string {
	if (isEmpty(node)) return 'it has no value';
	if (isMap(node)) return 'got a map';
	if (isSeq(node)) return 'got a list';
	if (isScalar(node)) {
		const { value } = node;
		return typeof value === 'string'
			? `got the string ${quoted(value)}`
			: `got ${capped(String(value))}`;
	}
	return 'got something else';
}

function unknownKeyMessage(key: string, accepted: readonly string[]): string {
	const suggestion = suggestKey(key, accepted);
	const hint = suggestion ? `; did you mean "${suggestion}"?` : '.';
	return `unknown key ${quoted(key)}${hint} Accepted keys: ${accepted.join(', ')}`;
}
