import { type FileHandle, mkdir, open, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
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
 * Appends a host key line to a known_hosts file (hashed unless `hash` is false). The line is
 * appended (O_APPEND) to the file's bytes as they are: nothing else in the file is read back or
 * rewritten, and a line `ssh` appends meanwhile, through a descriptor of the same file, stays.
 * A missing file is created 0600 in a directory created 0700. A file its owner may not write
 * (e.g. chmod a-w) is refused, even for root, and left as it is.
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

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

async function appendLine(path: string, line: string): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	const existing = await stat(path).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return undefined;
		throw error;
	});
	if (existing && (existing.mode & 0o200) === 0) throw readOnly(path, existing.mode);
	let handle: FileHandle;
	try {
		// Follows a symlink to its target; creates the file when it is missing.
		handle = await open(path, 'a+', 0o600);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (existing && code && NOT_WRITABLE.has(code)) throw readOnly(path, existing.mode, error);
		throw error;
	}
	try {
		const { size } = await handle.stat();
		const last = Buffer.alloc(1);
		if (size > 0) await handle.read(last, 0, 1, size - 1);
		const separator = size > 0 && last[0] !== 0x0a ? '\n' : '';
		// One write: an O_APPEND write lands whole at the end, after any other appender's.
		const bytes = Buffer.from(`${separator}${line}\n`);
		const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
		if (bytesWritten !== bytes.length) {
			throw new Error(`${path}: only ${bytesWritten} of ${bytes.length} bytes were written`);
		}
	} finally {
		await handle.close();
	}
}

function readOnly(path: string, mode: number, cause?: unknown): Error {
	return new Error(
		`${path} is read-only (mode ${(mode & 0o777).toString(8)}); it is left as it is: make it writable (chmod u+w ${path}) or name another file in ssh.knownHostsFile`,
		cause === undefined ? undefined : { cause },
	);
}
