import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { ClusterFileError } from './diagnostics.js';
import { parseClusterFile } from './parse.js';
import { serializeClusterFile } from './serialize.js';
import type { ClusterSpec } from './types.js';

/**
 * Writes the spec to `path` atomically (temp file in the same directory, then rename), mode
 * 0644, creating the directory if needed. Refuses, with ClusterFileError, a spec that would
 * not load back.
 */
export async function saveClusterFile(path: string, spec: ClusterSpec): Promise<void> {
	const text = serializeClusterFile(spec);
	const check = parseClusterFile(text, path);
	if (!check.spec) throw new ClusterFileError(check.diagnostics);
	const target = resolve(path);
	await mkdir(dirname(target), { recursive: true });
	await writeFileAtomic(target, text, 0o644);
}
