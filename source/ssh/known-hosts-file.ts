import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { formatKnownHostLine, type KnownHostEntry, parseKnownHosts } from './known-hosts.js';

/** `~` and `~/...` against the operator's home; other paths unchanged. */
export function expandHome(path: string): string {
	if (path === '~') return homedir();
	return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

/** The entries of a known_hosts file; a missing file has none. */
export async function readKnownHosts(file: string): Promise<KnownHostEntry[]> {
	try {
		return parseKnownHosts(await readFile(expandHome(file), 'utf8'));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
}

/** Appends run one at a time per file: parallel connections to new hosts must not lose lines. */
const appendQueues = new Map<string, Promise<unknown>>();

/**
 * Appends a host key line to a known_hosts file (hashed unless `hash` is false) atomically:
 * the old content plus the line go to a temp file in the same directory, renamed over the file.
 * A missing file is created 0600 in a directory created 0700; an existing file keeps its mode.
 */
export async function appendKnownHost(
	file: string,
	host: string,
	port: number,
	keyBlob: Buffer,
	options: { readonly hash?: boolean } = {},
): Promise<void> {
	const path = expandHome(file);
	const previous = appendQueues.get(path) ?? Promise.resolve();
	const next = previous
		.catch(() => undefined)
		.then(() => appendLine(path, formatKnownHostLine(host, port, keyBlob, options.hash ?? true)));
	appendQueues.set(path, next);
	try {
		await next;
	} finally {
		if (appendQueues.get(path) === next) appendQueues.delete(path);
	}
}

async function appendLine(path: string, line: string): Promise<void> {
	// Follow a symlinked known_hosts so the rename replaces its target, not the link.
	const target = await realpath(path).catch(() => path);
	await mkdir(dirname(target), { recursive: true, mode: 0o700 });
	let old = '';
	let mode = 0o600;
	try {
		old = await readFile(target, 'utf8');
		mode = (await stat(target)).mode & 0o777;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const separator = old === '' || old.endsWith('\n') ? '' : '\n';
	const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}`);
	try {
		await writeFile(temp, `${old}${separator}${line}\n`, { mode, flag: 'wx' });
		await chmod(temp, mode);
		await rename(temp, target);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
}
