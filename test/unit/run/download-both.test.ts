import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checksumFor, downloadBoth } from '../../../source/run/install-etcd.js';

const run = promisify(execFile);

/** The script in a real sh, fetching file:// URLs with the machine's curl. */
async function sh(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run('sh', ['-c', script]);
		return { code: 0, stdout, stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

describe('downloadBoth', () => {
	let dir: string;
	let work: string;
	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'download-both-'));
		work = join(dir, 'work');
		await run('mkdir', [work]);
		await writeFile(join(dir, 'etcd.tar.gz'), 'release bytes');
		await writeFile(join(dir, 'SHA256SUMS'), 'abc  etcd.tar.gz\n');
	});
	afterEach(() => rm(dir, { recursive: true, force: true }));

	const files = (release: string, sums: string) =>
		downloadBoth(
			work,
			{ url: `file://${join(dir, release)}`, to: join(work, 'etcd.tar.gz') },
			{ url: `file://${join(dir, sums)}`, to: join(work, 'SHA256SUMS') },
		);

	it('fetches both files and prints the checksums', async () => {
		const result = await sh(files('etcd.tar.gz', 'SHA256SUMS'));
		expect(result).toMatchObject({ code: 0, stdout: 'abc  etcd.tar.gz\n' });
		expect(await readFile(join(work, 'etcd.tar.gz'), 'utf8')).toBe('release bytes');
	});

	it('names the release URL that failed, with curl’s reason', async () => {
		const result = await sh(files('missing.tar.gz', 'SHA256SUMS'));
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			`downloading file://${join(dir, 'missing.tar.gz')} failed: curl:`,
		);
		expect(result.stdout).toBe('');
	});

	it('names the checksum URL that failed', async () => {
		const result = await sh(files('etcd.tar.gz', 'NOSUMS'));
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(`downloading file://${join(dir, 'NOSUMS')} failed: curl:`);
		expect(result.stderr).not.toContain('etcd.tar.gz failed');
	});
});

describe('checksumFor', () => {
	const hash = 'a'.repeat(64);
	it('takes a SHA-256 in hex for the file, either listing style', () => {
		expect(checksumFor(`${hash}  etcd.tar.gz\n`, 'etcd.tar.gz')).toBe(hash);
		expect(checksumFor(`${hash.toUpperCase()} *./etcd.tar.gz\n`, 'etcd.tar.gz')).toBe(hash);
	});

	it('takes nothing that is not one: the value goes into a command run as root', () => {
		expect(checksumFor('`touch /tmp/x`  etcd.tar.gz\n', 'etcd.tar.gz')).toBeUndefined();
		expect(checksumFor(`${hash}0  etcd.tar.gz\n`, 'etcd.tar.gz')).toBeUndefined();
	});
});

describe('downloadBoth with a hostile URL', () => {
	it('names the URL in its message without running what it holds', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'download-hostile-'));
		try {
			const marker = join(dir, 'ran');
			const url = `file://${dir}/$(touch ${marker})"\`touch ${marker}\``;
			const script = downloadBoth(
				dir,
				{ url, to: join(dir, 'etcd.tar.gz') },
				{ url: `file://${dir}/SUMS`, to: join(dir, 'SHA256SUMS') },
			);
			const result = await sh(script);
			expect(result.code).not.toBe(0);
			expect(result.stderr).toContain(`downloading ${url} failed`);
			await expect(readFile(marker)).rejects.toThrow();
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
