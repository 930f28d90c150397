import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that readers see either the old file or the whole new one: a temp
 * file in the same directory (same filesystem, so rename is atomic) is written, fsynced, given
 * `mode` and renamed over the target; the directory is then fsynced so the rename survives a crash.
 */
export async function writeFileAtomic(
	path: string,
	data: string | Buffer,
	mode: number,
): Promise<void> {
	const dir = dirname(path);
	const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	// 'wx' refuses to follow a planted file or symlink; the mode applies from the first byte.
	const handle = await open(temp, 'wx', mode);
	try {
		try {
			await handle.writeFile(data);
			// The umask may have narrowed `mode`; set it exactly.
			await handle.chmod(mode);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, path);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
	await syncDirectory(dir);
}

/** Best effort: some filesystems refuse to fsync a directory, and the data is already safe. */
async function syncDirectory(dir: string): Promise<void> {
	try {
		const handle = await open(dir, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {
		// Ignored on purpose, see above.
	}
}

/** Creates `dir` (and parents) and makes sure `dir` itself has exactly `mode`. */
export async function ensureDirectory(dir: string, mode: number): Promise<void> {
	await mkdir(dir, { recursive: true, mode });
	await chmod(dir, mode);
}
