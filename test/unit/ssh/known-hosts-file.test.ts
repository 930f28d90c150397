import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, verifyHostKey } from '../../../source/ssh/known-hosts.js';
import { appendKnownHost, readKnownHosts } from '../../../source/ssh/known-hosts-file.js';
import { makeKey, run } from './keys.js';

let dir: string;
let key: Awaited<ReturnType<typeof makeKey>>;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'known-hosts-file-'));
	key = await makeKey(dir, 'host');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `ssh-keygen -F name -f file`: what OpenSSH itself finds for a host. */
async function sshKeygenFind(file: string, name: string): Promise<string> {
	const { stdout } = await run('ssh-keygen', ['-F', name, '-f', file]);
	return stdout;
}

describe('appendKnownHost', () => {
	it('creates the file 0600 in a new 0700 directory, hashed, found by ssh-keygen -F', async () => {
		const file = join(dir, 'new', 'ssh', 'known_hosts');
		await appendKnownHost(file, '10.1.0.1', 22, key.blob);
		await appendKnownHost(file, '10.1.0.1', 2222, key.blob);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect((await stat(join(dir, 'new', 'ssh'))).mode & 0o777).toBe(0o700);
		const text = await readFile(file, 'utf8');
		expect(text).not.toContain('10.1.0.1');
		expect(text.split('\n').filter(Boolean)).toHaveLength(2);
		expect(await sshKeygenFind(file, '10.1.0.1')).toContain('Host 10.1.0.1 found: line 1');
		expect(await sshKeygenFind(file, '[10.1.0.1]:2222')).toContain('found: line 2');
		const { stdout } = await run('ssh-keygen', ['-lF', '[10.1.0.1]:2222', '-f', file]);
		expect(stdout).toContain(fingerprint(key.blob));
	});

	it('writes plain names on request, keeps old lines, mode and a missing final newline', async () => {
		const file = join(dir, 'plain_known_hosts');
		await writeFile(file, '# mine\nold.host ssh-ed25519 QQ==');
		await chmod(file, 0o644);
		await appendKnownHost(file, 'etcd1.lan', 2379, key.blob, { hash: false });
		const text = await readFile(file, 'utf8');
		expect(text).toBe(
			`# mine\nold.host ssh-ed25519 QQ==\n[etcd1.lan]:2379 ssh-ed25519 ${key.blob.toString('base64')}\n`,
		);
		expect((await stat(file)).mode & 0o777).toBe(0o644);
		expect(await sshKeygenFind(file, '[etcd1.lan]:2379')).toContain('found: line 3');
	});

	it('loses no line when many hosts are recorded at once, and leaves no temp file', async () => {
		const sub = join(dir, 'parallel');
		const file = join(sub, 'known_hosts');
		const hosts = Array.from({ length: 12 }, (_, i) => `10.2.0.${i + 1}`);
		await Promise.all(hosts.map((host) => appendKnownHost(file, host, 22, key.blob)));
		const entries = await readKnownHosts(file);
		expect(entries).toHaveLength(12);
		for (const host of hosts)
			expect(verifyHostKey(entries, host, 22, key.blob).status).toBe('known');
		expect(await readdir(sub)).toEqual(['known_hosts']);
	});
});

describe('readKnownHosts', () => {
	it('reads a missing file as empty', async () => {
		expect(await readKnownHosts(join(dir, 'absent'))).toEqual([]);
	});
});
