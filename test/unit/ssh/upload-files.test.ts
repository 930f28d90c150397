import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadFilesScript } from '../../../source/ssh/upload-files.js';

/** Runs the script in a real sh with `stdin`, as the host would. */
function sh(script: string, stdin: Buffer): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('close', (code) => resolve({ code, stderr }));
		child.stdin.end(stdin);
	});
}

describe('uploadFilesScript', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'upload-files-'));
	});
	afterEach(() => rm(dir, { recursive: true, force: true }));

	const binary = Buffer.from([0, 255, 10, 13, 0, 39, 34, 36]);
	const files = () => [
		{ path: join(dir, 'a.conf'), mode: 0o640, content: Buffer.from('first\nfile\n') },
		{ path: join(dir, 'b.key'), mode: 0o600, content: binary },
		{ path: join(dir, 'empty'), mode: 0o644, content: Buffer.alloc(0) },
	];
	const temps = (list: { path: string }[]) => list.map((f) => `${f.path}.tmp-test`);
	const scriptOf = (list: ReturnType<typeof files>) =>
		uploadFilesScript(
			list.map((f) => ({ ...f, size: f.content.length })),
			temps(list),
		);

	it('splits one stdin into every file, byte for byte, with each mode', async () => {
		const list = files();
		const result = await sh(scriptOf(list), Buffer.concat(list.map((f) => f.content)));
		expect(result).toEqual({ code: 0, stderr: '' });
		for (const file of list) {
			expect(await readFile(file.path)).toEqual(file.content);
			expect((await stat(file.path)).mode & 0o777).toBe(file.mode);
		}
		expect((await readdir(dir)).sort()).toEqual(['a.conf', 'b.key', 'empty']);
	});

	it('touches no target and leaves no temp file when stdin ends early', async () => {
		const list = files();
		await writeFile(list[0]?.path ?? '', 'old');
		const all = Buffer.concat(list.map((f) => f.content));
		const result = await sh(scriptOf(list), all.subarray(0, all.length - 3));
		expect(result.code).not.toBe(0);
		expect(await readFile(list[0]?.path ?? '', 'utf8')).toBe('old');
		expect(await readdir(dir)).toEqual(['a.conf']);
	});

	it('touches no target and leaves no temp file when one cannot be written', async () => {
		const list = files();
		const blocked = { path: join(dir, 'missing', 'x'), mode: 0o600, content: Buffer.from('x') };
		await mkdir(join(dir, 'keep'));
		const result = await sh(
			scriptOf([...list, blocked]),
			Buffer.concat([...list, blocked].map((f) => f.content)),
		);
		expect(result.code).not.toBe(0);
		expect(await readdir(dir)).toEqual(['keep']);
	});

	it('names sizes and paths in the script, never the contents', () => {
		const script = scriptOf([{ path: '/etc/etcd/server.key', mode: 0o600, content: binary }]);
		expect(script).toContain('head -c 8 >');
		expect(script).not.toContain(binary.toString('latin1'));
	});
});
