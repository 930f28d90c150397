import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadScript, uploadTempPath } from '../../../source/ssh/upload.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'upload-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function runScript(script: string, input: string) {
	return spawnSync('sh', ['-c', script], { input, encoding: 'utf8' });
}

describe('uploadTempPath', () => {
	it('is a hidden file beside the target', () => {
		expect(uploadTempPath('/etc/etcd/server.key', 'abc')).toBe(
			'/etc/etcd/.server.key.etcd-wizard-abc',
		);
		expect(uploadTempPath('/etc/etcd/x')).toMatch(/^\/etc\/etcd\/\.x\.etcd-wizard-[0-9a-f]{12}$/);
	});
});

describe('uploadScript', () => {
	it('lands the content with mode and owner, replacing the old file, no temp left', async () => {
		const path = join(dir, 'etcd.conf.yml');
		await writeFile(path, 'old');
		const script = uploadScript(
			{ path, mode: 0o640, owner: 'root', group: 'root' },
			uploadTempPath(path),
		);
		const result = runScript(script, "name: 'etcd1'\n");
		expect(result.status).toBe(0);
		expect(await readFile(path, 'utf8')).toBe("name: 'etcd1'\n");
		const info = await stat(path);
		expect(info.mode & 0o7777).toBe(0o640);
		expect(info.uid).toBe(0);
		expect(await readdir(dir)).toEqual(['etcd.conf.yml']);
	});

	it('removes the temp file and keeps the old file when a step fails', async () => {
		const path = join(dir, 'peer.key');
		await writeFile(path, 'old key');
		const script = uploadScript(
			{ path, mode: 0o600, owner: 'no-such-user-etcd-wizard' },
			uploadTempPath(path),
		);
		const result = runScript(script, 'new key');
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain('no-such-user-etcd-wizard');
		expect(await readFile(path, 'utf8')).toBe('old key');
		expect(await readdir(dir)).not.toContainEqual(expect.stringContaining('etcd-wizard-'));
	});

	it('refuses relative paths and modes that are not permission bits', () => {
		expect(() => uploadScript({ path: 'etc/x', mode: 0o600 }, '/t')).toThrow(/absolute/);
		expect(() => uploadScript({ path: '/etc/x', mode: 0o10000 }, '/t')).toThrow(/mode/);
	});
});
