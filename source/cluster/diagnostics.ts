/** A problem found in a cluster file, with where it is and what would be right. */
export interface Diagnostic {
	readonly severity: 'error' | 'warning';
	/** The file as the user named it; '' for a spec that never was a file. */
	readonly file: string;
	/** 1-based; 0 when there is no position (unreadable file, in-memory spec). */
	readonly line: number;
	readonly column: number;
	/** Dotted key path such as `hosts[1].address`; '' for the file as a whole. */
	readonly path: string;
	readonly message: string;
}

/** A key path: map keys and sequence indexes from the document root. */
export type KeyPath = readonly (string | number)[];

/** `['hosts', 1, 'address']` -> `hosts[1].address`. */
export function formatPath(path: KeyPath): string {
	let text = '';
	for (const segment of path) {
		if (typeof segment === 'number') text += `[${segment}]`;
		else text += text === '' ? segment : `.${segment}`;
	}
	return text;
}

/**
 * One line per diagnostic, compiler style:
 * `cluster.yaml:14:5 etcd.settings.election-timeout: 400 must be at least ...`;
 * warnings carry `warning: ` after the position.
 */
export function formatDiagnostic(d: Diagnostic): string {
	const where = d.line > 0 ? `${d.file}:${d.line}:${d.column} ` : d.file ? `${d.file}: ` : '';
	const level = d.severity === 'warning' ? 'warning: ' : '';
	const path = d.path ? `${d.path}: ` : '';
	return `${where}${level}${path}${d.message}`;
}

/** The errors among `diagnostics`. */
export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
	return diagnostics.filter((d) => d.severity === 'error');
}

/** The cluster file cannot be used; `message` lists every error, one per line. */
export class ClusterFileError extends Error {
	/** Every diagnostic found, errors and warnings. */
	readonly diagnostics: readonly Diagnostic[];

	constructor(diagnostics: readonly Diagnostic[]) {
		super(errorsOf(diagnostics).map(formatDiagnostic).join('\n'));
		this.name = 'ClusterFileError';
		this.diagnostics = diagnostics;
	}
}
