import { open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ClusterFileError, type Diagnostic } from './diagnostics.js';
import { checkLocalFiles } from './local-files.js';
import { draftCluster, finishDraft } from './parse.js';
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

/**
 * Reads, parses and validates a cluster file, and checks the local files it names (etcd.tarball,
 * pki.dir); throws ClusterFileError listing every error. Every command loads the cluster file
 * before it reaches a host, so what only the file decides is refused before any host is touched.
 */
export async function loadClusterFile(path: string): Promise<LoadedCluster> {
	const absolute = resolve(path);
	let text: string | undefined;
	try {
		text = await readCapped(absolute, MAX_FILE_BYTES);
	} catch (error) {
		throw new ClusterFileError([readDiagnostic(path, absolute, error)]);
	}
	if (text === undefined) {
		throw new ClusterFileError([
			{
				severity: 'error',
				file: path,
				line: 0,
				column: 0,
				path: '',
				message: `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB, the most a cluster file may be; check that this is the cluster file (one holds a few hosts and settings)`,
			},
		]);
	}
	const draft = draftCluster(text, path);
	if (draft.kind === 'draft') await checkLocalFiles(draft.spec, draft.report, dirname(absolute));
	const parsed = draft.kind === 'ended' ? draft.parsed : finishDraft(draft);
	if (!parsed.spec) throw new ClusterFileError(parsed.diagnostics);
	return {
		spec: parsed.spec,
		path: absolute,
		dir: dirname(absolute),
		warnings: parsed.diagnostics.filter((d) => d.severity === 'warning'),
	};
}

/** The most bytes a cluster file may hold: it lists at most 15 hosts and a few settings. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The file as UTF-8 text, or undefined when it holds more than `limit` bytes: at most limit + 1
 * bytes are read, whatever the file is (a FIFO or /dev/zero has no size to check first).
 */
async function readCapped(path: string, limit: number): Promise<string | undefined> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(limit + 1);
		let length = 0;
		while (length < buffer.length) {
			const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
			if (bytesRead === 0) break;
			length += bytesRead;
		}
		return length > limit ? undefined : buffer.toString('utf8', 0, length);
	} finally {
		await handle.close();
	}
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
