import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ClusterFileError, type Diagnostic } from './diagnostics.js';
import { parseClusterFile } from './parse.js';
import type { ClusterSpec } from './types.js';

/** A valid cluster file, with where it lives (relative paths in it resolve against `dir`). */
export interface LoadedCluster {
	readonly spec: ClusterSpec;
	/** Absolute path of the file. */
	readonly path: string;
	/** Absolute directory of the file. */
	readonly dir: string;
	readonly warnings: readonly Diagnostic[];
}

/** Reads, parses and validates a cluster file; throws ClusterFileError listing every error. */
export async function loadClusterFile(path: string): Promise<LoadedCluster> {
	const absolute = resolve(path);
	let text: string;
	try {
		text = await readFile(absolute, 'utf8');
	} catch (error) {
		throw new ClusterFileError([readDiagnostic(path, absolute, error)]);
	}
	const parsed = parseClusterFile(text, path);
	if (!parsed.spec) throw new ClusterFileError(parsed.diagnostics);
	return {
		spec: parsed.spec,
		path: absolute,
		dir: dirname(absolute),
		warnings: parsed.diagnostics.filter((d) => d.severity === 'warning'),
	};
}

function readDiagnostic(path: string, absolute: string, error: unknown): Diagnostic {
	const code = (error as NodeJS.ErrnoException).code;
	const where = absolute === path ? '' : ` (${absolute})`;
	const reasons: Record<string, string> = {
		ENOENT: `no such file${where}; check the path, or create one with "etcd-wizard init"`,
		EISDIR: `is a directory${where}; pass the cluster file in it, e.g. ${join(path, 'cluster.yaml')}`,
		EACCES: `cannot be read${where}: permission denied; check the file's owner and mode`,
	};
	const message =
		(code && reasons[code]) ??
		`cannot be read${where}: ${(error as Error).message ?? String(error)}`;
	return { severity: 'error', file: path, line: 0, column: 0, path: '', message };
}
