import {
	chmod,
	lstat,
	mkdtemp,
	open,
	readdir,
	readFile,
	rm,
	stat,
	symlink,
	writeFile,
} from 'node:fs/promises';
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

describe('appendKnownHost: the file as it is', () => {
	const line = (host: string) => `${host} ssh-ed25519 ${key.blob.toString('base64')}\n`;

	it('appends to the bytes as they are: bytes that are not UTF-8 stay as written', async () => {
		const file = join(dir, 'latin1_known_hosts');
		// "# café" in Latin-1, and a lone continuation byte: neither is UTF-8.
		const before = Buffer.concat([
			Buffer.from('# caf'),
			Buffer.from([0xe9, 0x0a, 0x80]),
			Buffer.from(' old.host ssh-ed25519 QQ==\n'),
		]);
		await writeFile(file, before);
		await appendKnownHost(file, 'etcd1.lan', 22, key.blob, { hash: false });
		expect(await readFile(file)).toEqual(Buffer.concat([before, Buffer.from(line('etcd1.lan'))]));
	});

	it('refuses a read-only file, naming it, and leaves it as it was', async () => {
		const file = join(dir, 'readonly_known_hosts');
		await writeFile(file, 'old.host ssh-ed25519 QQ==\n');
		await chmod(file, 0o444);
		const { ino } = await stat(file);
		await expect(appendKnownHost(file, '10.3.0.1', 22, key.blob)).rejects.toThrow(
			`${file} is read-only (mode 444); it is left as it is: make it writable (chmod u+w ${file}) or name another file in ssh.knownHostsFile`,
		);
		expect(await readFile(file, 'utf8')).toBe('old.host ssh-ed25519 QQ==\n');
		const after = await stat(file);
		expect([after.ino, after.mode & 0o777]).toEqual([ino, 0o444]);
		expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/^\.readonly_known_hosts/));
	});

	it('loses no line that ssh appends through a descriptor it opened before', async () => {
		const file = join(dir, 'shared_known_hosts');
		await writeFile(file, line('first.host'));
		const { ino } = await stat(file);
		// OpenSSH records a key with fopen(file, "a"): a descriptor of this inode, written later.
		const ssh = await open(file, 'a');
		try {
			await appendKnownHost(file, 'ours.host', 22, key.blob, { hash: false });
			await ssh.write(line('ssh.host'));
		} finally {
			await ssh.close();
		}
		expect(await readFile(file, 'utf8')).toBe(
			`${line('first.host')}${line('ours.host')}${line('ssh.host')}`,
		);
		expect((await stat(file)).ino).toBe(ino);
	});

	it('appends through a symlink to its target, which stays a link', async () => {
		const target = join(dir, 'target_known_hosts');
		const link = join(dir, 'link_known_hosts');
		await writeFile(target, '');
		await symlink(target, link);
		await appendKnownHost(link, 'etcd2.lan', 22, key.blob, { hash: false });
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(await readFile(target, 'utf8')).toBe(line('etcd2.lan'));
	});
});

describe('readKnownHosts', () => {
	it('reads a missing file as empty', async () => {
		expect(await readKnownHosts(join(dir, 'absent'))).toEqual([]);
	});
});
