import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../source/events/run-event.js';
import {
	CommandError,
	type ConnectOptions,
	connectHost,
	type HostConnection,
	SshError,
} from '../../source/ssh/connection.js';
import { ConnectAllError, connectAll } from '../../source/ssh/pool.js';
import { freePort, startSshd, type TestSshd } from '../support/sshd.js';

const run = promisify(execFile);
const HOST = '127.0.0.1';

let sshd: TestSshd;
let work: string;
/** A known_hosts file that trusts the test sshd (filled by the first accepting connect). */
let trusted: string;
const open: HostConnection[] = [];

beforeAll(async () => {
	if (process.getuid?.() !== 0)
		throw new Error('ssh-local e2e must run as root (sshd logs in root)');
	sshd = await startSshd({ maxSessions: 3 });
	work = await mkdtemp(join(tmpdir(), 'ssh-local-'));
	trusted = join(work, 'trusted', 'known_hosts');
});

afterAll(async () => {
	for (const connection of open) connection.close();
	await sshd?.stop();
	if (work) await rm(work, { recursive: true, force: true });
});

function options(extra: Partial<ConnectOptions> = {}): ConnectOptions {
	return {
		user: 'root',
		port: sshd.port,
		identityFile: sshd.userKey,
		knownHostsFile: trusted,
		acceptNewHostKeys: false,
		connectTimeoutMs: 5000,
		...extra,
	};
}

async function connect(extra: Partial<ConnectOptions> = {}): Promise<HostConnection> {
	const connection = await connectHost('node1', HOST, options(extra));
	open.push(connection);
	return connection;
}

async function keygenFingerprint(pub: string): Promise<string> {
	return (await run('ssh-keygen', ['-lf', pub])).stdout.split(' ')[1] ?? '';
}

describe('host keys', () => {
	it('refuses an unknown host key when nothing may trust it', async () => {
		const file = join(work, 'untouched', 'known_hosts');
		const error = await connect({ knownHostsFile: file }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SshError);
		const print = await keygenFingerprint(sshd.hostKeyPub());
		expect((error as SshError).message).toContain(`node1 (${HOST}:${sshd.port})`);
		expect((error as SshError).hint).toContain(`--accept-new-host-keys`);
		expect((error as SshError).hint).toContain(print);
		await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
	});

	it('asks onUnknownHostKey and records nothing when it says no', async () => {
		const file = join(work, 'asked', 'known_hosts');
		const ask = vi.fn(async () => false);
		await expect(connect({ knownHostsFile: file, onUnknownHostKey: ask })).rejects.toThrow(
			'was not trusted',
		);
		expect(ask).toHaveBeenCalledWith({
			host: 'node1',
			port: sshd.port,
			fingerprint: await keygenFingerprint(sshd.hostKeyPub()),
			keyType: 'ssh-ed25519',
		});
	});

	it('records a new key with acceptNewHostKeys, which ssh-keygen -F finds, then knows it', async () => {
		const first = await connect({ acceptNewHostKeys: true });
		first.close();
		const name = `[${HOST}]:${sshd.port}`;
		const { stdout } = await run('ssh-keygen', ['-lF', name, '-f', trusted]);
		expect(stdout).toContain(await keygenFingerprint(sshd.hostKeyPub()));
		expect(await readFile(trusted, 'utf8')).not.toContain(HOST);
		const again = await connect();
		expect((await again.exec('echo hi')).stdout).toBe('hi\n');
		expect((await readFile(trusted, 'utf8')).trim().split('\n')).toHaveLength(1);
	});
});

describe('a connection', () => {
	let node: HostConnection;
	beforeAll(async () => {
		node = await connect({ acceptNewHostKeys: true });
	});

	it('runs a command and returns code, stdout and stderr', async () => {
		const result = await node.exec("echo out; echo 'err line' >&2; exit 3");
		expect(result).toEqual({ code: 3, stdout: 'out\n', stderr: 'err line\n' });
		expect(node.isRoot).toBe(true);
	});

	it('feeds stdin, and throws CommandError with the stderr tail when checked', async () => {
		expect((await node.exec('tr a-z A-Z', { stdin: 'shout' })).stdout).toBe('SHOUT');
		const error = await node.exec('ls /no/such/dir', { check: true }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(CommandError);
		expect(error).toMatchObject({ host: 'node1', command: 'ls /no/such/dir', code: 2 });
		expect((error as CommandError).stderrTail.at(-1)).toContain('/no/such/dir');
	});

	it('uploads atomically with mode and owner, leaving no temp file', async () => {
		const dir = join(work, 'remote-etc');
		await run('mkdir', ['-p', dir]);
		const path = join(dir, 'etcd.conf.yml');
		const content = `name: node1\n${randomBytes(64 * 1024).toString('hex')}\n`;
		await node.upload(path, content, { mode: 0o640, owner: 'root', group: 'root' });
		expect(await readFile(path, 'utf8')).toBe(content);
		const info = await stat(path);
		expect(info.mode & 0o7777).toBe(0o640);
		expect(info.uid).toBe(0);
		expect(await readdir(dir)).toEqual(['etcd.conf.yml']);

		const failed = await node
			.upload(path, 'half', { mode: 0o600, owner: 'no-such-user-ew' })
			.catch((e: unknown) => e);
		expect(failed).toBeInstanceOf(CommandError);
		expect((failed as CommandError).message).toContain(`writing ${path} on node1`);
		expect(await readFile(path, 'utf8')).toBe(content);
		expect(await readdir(dir)).toEqual(['etcd.conf.yml']);
	});

	/**
	 * A `sleep` of about `seconds` that no other process's command line matches, started on
	 * `on` with `signal`; `running(true|false)` waits (up to 5 s) until it is, or is not, there.
	 */
	const remoteSleep = async (on: HostConnection, seconds: number, signal: AbortSignal) => {
		const marker = `${seconds}.${randomBytes(3).readUIntBE(0, 3)}`;
		// [.] keeps pgrep's own shell, whose command line holds the pattern, from matching it.
		const pattern = `sleep ${marker.replace('.', '[.]')}`;
		const exec = on.exec(`sleep ${marker}`, { signal });
		const running = (there: boolean) =>
			vi.waitFor(
				async () => {
					expect((await node.exec(`pgrep -f '${pattern}'`)).code).toBe(there ? 0 : 1);
				},
				{ timeout: 5000 },
			);
		await running(true);
		return { exec, running };
	};

	it('aborts a long command quickly and ends its processes', async () => {
		const controller = new AbortController();
		const sleep = await remoteSleep(node, 30, controller.signal);
		const started = Date.now();
		controller.abort();
		await expect(sleep.exec).rejects.toMatchObject({ name: 'AbortError' });
		// Well before the 30 s the command would take: the abort does not wait for it.
		expect(Date.now() - started).toBeLessThan(10_000);
		// The kill was sent before the abort settled; the shell's trap ends the group soon after.
		await sleep.running(false);
	});

	it('ends an aborted command even when the connection is closed right after the abort', async () => {
		// What Ctrl-C does: the run aborts, then the program closes its connections and exits.
		// Without waiting for the kill, this failed in 4 of 13 runs (a race).
		const doomed = await connect();
		const controller = new AbortController();
		const sleep = await remoteSleep(doomed, 31, controller.signal);
		controller.abort();
		await expect(sleep.exec).rejects.toMatchObject({ name: 'AbortError' });
		doomed.close();
		await sleep.running(false);
	});

	it('gives up on a command after timeoutMs, naming the host', async () => {
		await expect(node.exec('sleep 20', { timeoutMs: 200 })).rejects.toThrow(
			'command on node1 did not finish within 0.2 s',
		);
	});

	it('runs 8 commands at once, never more than maxChannels on the host', async () => {
		const bounded = await connect({ maxChannels: 2 });
		const dir = join(work, 'slots');
		await run('mkdir', ['-p', dir]);
		// Each command counts the commands running beside it, itself included.
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				bounded.exec(`touch ${dir}/$$; ls ${dir} | wc -l; sleep 0.2; rm ${dir}/$$; echo ${i}`),
			),
		);
		const lines = results.map((r) => r.stdout.trim().split('\n'));
		expect(lines.map((l) => l[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
		expect(Math.max(...lines.map((l) => Number(l[0])))).toBe(2);
	});

	it('waits for a free session when sshd allows fewer than maxChannels', async () => {
		// The test sshd has MaxSessions 3: without waiting, some of these would be refused.
		const eager = await connect({ maxChannels: 8 });
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) => eager.exec(`sleep 0.2; echo ${i}`)),
		);
		expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 8 }, (_, i) => `${i}\n`));
	});

	it('forwards a TCP stream to a port on the host', async () => {
		const echo: Server = createServer((socket) => socket.pipe(socket));
		await new Promise<void>((resolve) => echo.listen(0, HOST, resolve));
		const address = echo.address();
		if (address === null || typeof address === 'string') throw new Error('no echo port');
		try {
			const tunnel = await node.forwardOut(HOST, address.port);
			const reply = new Promise<string>((resolve) =>
				tunnel.once('data', (d: Buffer) => resolve(d.toString())),
			);
			tunnel.write('ping');
			expect(await reply).toBe('ping');
			tunnel.end();
		} finally {
			await new Promise((resolve) => echo.close(resolve));
		}
	});
});

describe('login failures', () => {
	it('explains an encrypted identity without passphrase, and works with it', async () => {
		await expect(connect({ identityFile: sshd.encryptedKey })).rejects.toThrow(
			`identity file ${sshd.encryptedKey} is encrypted: give its passphrase`,
		);
		const node = await connect({ identityFile: sshd.encryptedKey, passphrase: sshd.passphrase });
		expect((await node.exec('id -u')).stdout).toBe('0\n');
	});

	it('names user and key file when the key is not authorized', async () => {
		await expect(connect({ identityFile: sshd.strangerKey })).rejects.toThrow(
			`authentication as root on node1 (${HOST}:${sshd.port}) failed with identity file ${sshd.strangerKey}`,
		);
	});

	it('names host and port when nothing listens', async () => {
		const port = await freePort();
		await expect(connect({ port })).rejects.toThrow(
			`connection to node1 (${HOST}:${port}) refused`,
		);
	});

	it('times out on a server that never speaks SSH', async () => {
		const sockets: Socket[] = [];
		const silent = createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, HOST, resolve));
		const address = silent.address();
		if (address === null || typeof address === 'string') throw new Error('no port');
		try {
			await expect(connect({ port: address.port, connectTimeoutMs: 300 })).rejects.toThrow(
				`no SSH answer from node1 (${HOST}:${address.port}) within 0.3 s`,
			);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => silent.close(resolve));
		}
	});
});

describe('connectAll', () => {
	it('connects every host, or names each one that failed', async () => {
		const events: RunEvent[] = [];
		const hosts = [
			{ name: 'good', address: HOST },
			{ name: 'also-good', address: HOST },
		];
		const all = await connectAll(hosts, options(), (event) => events.push(event));
		expect([...all.keys()]).toEqual(['good', 'also-good']);
		for (const connection of all.values()) connection.close();
		expect(events.filter((e) => e.type === 'node-step-done')).toHaveLength(2);

		// Prompts from parallel connections come one at a time.
		let asking = 0;
		let overlapped = false;
		const ask = async () => {
			asking += 1;
			overlapped ||= asking > 1;
			await new Promise((resolve) => setImmediate(resolve));
			asking -= 1;
			return true;
		};
		const file = join(work, 'pool', 'known_hosts');
		const asked = await connectAll(hosts, {
			...options(),
			knownHostsFile: file,
			onUnknownHostKey: ask,
		});
		for (const connection of asked.values()) connection.close();
		expect(overlapped).toBe(false);
		expect(asked.size).toBe(2);

		const port = await freePort();
		const bad = { name: 'bad', address: HOST };
		const error = await connectAll([hosts[0] ?? bad, bad], { ...options(), port }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(ConnectAllError);
		expect((error as ConnectAllError).message).toContain('cannot connect to 2 of 2 hosts');
		expect([...(error as ConnectAllError).failures.keys()]).toEqual(['good', 'bad']);
	});
});

describe('a changed host key', () => {
	it('is refused, naming the presented and the known fingerprints', async () => {
		const known = await keygenFingerprint(sshd.hostKeyPub());
		await sshd.rotateHostKey();
		const presented = await keygenFingerprint(sshd.hostKeyPub());
		const error = await connect({ acceptNewHostKeys: true }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SshError);
		const { message, hint } = error as SshError;
		expect(message).toContain(`host key of node1 (${HOST}:${sshd.port}) has changed`);
		expect(message).toContain(presented);
		expect(message).toContain(known);
		expect(hint).toContain(`remove line 1 of ${trusted}`);
	});
});
