import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Resolves a path written in the cluster file: `~` and `~/...` against the operator's home,
 * relative paths against the directory holding the cluster file.
 */
export function resolvePath(clusterDir: string, p: string): string {
	if (p === '~') return homedir();
	if (p.startsWith('~/')) return join(homedir(), p.slice(2));
	return isAbsolute(p) ? p : resolve(clusterDir, p);
}

/** A path from the cluster file: `~` is the operator's home, relative is to the cluster file. */
export function clusterPath(clusterFile: string, path: string): string {
	return resolvePath(dirname(clusterFile), path);
}
