import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../source/cluster/atomic-file.js';
import { tempDirs } from '../pki/helpers.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeFileAtomic', () => {
	it('writes the data with exactly the mode asked, whatever the umask', async () => {
		const dir = await dirs.make();
		const previous = process.umask(0o077);
		try {
			await writeFileAtomic(join(dir, 'a.crt'), 'certificate', 0o644);
		} finally {
			process.umask(previous);
		}
		await writeFileAtomic(join(dir, 'a.key'), Buffer.from('key'), 0o600);
		expect(await readFile(join(dir, 'a.crt'), 'utf8')).toBe('certificate');
		expect(await modeOf(join(dir, 'a.crt'))).toBe(0o644);
		expect(await readFile(join(dir, 'a.key'), 'utf8')).toBe('key');
		expect(await modeOf(join(dir, 'a.key'))).toBe(0o600);
	});

	it('replaces an existing file and its mode, leaving no temp file', async () => {
		const dir = await dirs.make();
		const path = join(dir, 'server.key');
		await writeFile(path, 'old', { mode: 0o644 });
		await writeFileAtomic(path, 'new', 0o600);
		expect(await readFile(path, 'utf8')).toBe('new');
		expect(await modeOf(path)).toBe(0o600);
		expect(await readdir(dir)).toEqual(['server.key']);
	});

	it('replaces a symlink instead of writing through it', async () => {
		const dir = await dirs.make();
		await writeFile(join(dir, 'elsewhere'), 'untouched');
		await symlink(join(dir, 'elsewhere'), join(dir, 'ca.key'));
		await writeFileAtomic(join(dir, 'ca.key'), 'key', 0o600);
		expect(await readFile(join(dir, 'elsewhere'), 'utf8')).toBe('untouched');
		expect(await readFile(join(dir, 'ca.key'), 'utf8')).toBe('key');
	});

	it('removes its temp file when the rename fails', async () => {
		const dir = await dirs.make();
		await mkdir(join(dir, 'taken'));
		await writeFile(join(dir, 'taken', 'inside'), 'x');
		await expect(writeFileAtomic(join(dir, 'taken'), 'data', 0o600)).rejects.toThrow();
		expect((await readdir(dir)).sort()).toEqual(['taken']);
	});
});
