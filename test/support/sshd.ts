import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/** A private sshd on 127.0.0.1 for tests, logging in root with keys made for it. */
export interface TestSshd {
	readonly port: number;
	/** Temp directory holding keys, config and logs. */
	readonly dir: string;
	/** Unencrypted user key, authorized for root. */
	readonly userKey: string;
	/** Encrypted user key (passphrase {@link TestSshd.passphrase}), authorized for root. */
	readonly encryptedKey: string;
	readonly passphrase: string;
	/** A key that is not authorized. */
	readonly strangerKey: string;
	/** Public key file of the host key sshd presents now. */
	hostKeyPub(): string;
	/** Restarts sshd on the same port with a fresh host key of the same type. */
	rotateHostKey(): Promise<void>;
	stop(): Promise<void>;
}

/** Generates a key pair with ssh-keygen; returns the private key's path. */
export async function sshKeygen(file: string, passphrase = '', type = 'ed25519'): Promise<string> {
	await run('ssh-keygen', [
		'-q',
		'-t',
		type,
		'-N',
		passphrase,
		'-C',
		'etcd-wizard-test',
		'-f',
		file,
	]);
	return file;
}

/**
 * Starts `/usr/sbin/sshd -D -e` as root with its own host key, authorized_keys and pid file
 * in a temp directory, and resolves once it reports that it listens.
 */
export async function startSshd(options: { maxSessions?: number } = {}): Promise<TestSshd> {
	if (!existsSync(SSHD)) {
		throw new Error(
			`${SSHD} is missing: install openssh-server (apt-get install -y openssh-server)`,
		);
	}
	const dir = await mkdtemp(join(tmpdir(), 'etcd-wizard-sshd-'));
	// sshd refuses to start without its privilege separation directory.
	mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
	const passphrase = 'correct horse';
	const [userKey, encryptedKey, strangerKey] = await Promise.all([
		sshKeygen(join(dir, 'user')),
		sshKeygen(join(dir, 'user-encrypted'), passphrase),
		sshKeygen(join(dir, 'stranger')),
	]);
	const authorized = await Promise.all(
		[userKey, encryptedKey].map((k) => readFile(`${k}.pub`, 'utf8')),
	);
	await writeFile(join(dir, 'authorized_keys'), authorized.join(''), { mode: 0o600 });
	const port = await freePort();
	let generation = 0;
	let hostKey = await sshKeygen(join(dir, `host-${generation}`));
	let child = await launch(dir, port, hostKey, options.maxSessions ?? 10);
	return {
		port,
		dir,
		userKey,
		encryptedKey,
		passphrase,
		strangerKey,
		hostKeyPub: () => `${hostKey}.pub`,
		async rotateHostKey() {
			await stopChild(child);
			generation += 1;
			hostKey = await sshKeygen(join(dir, `host-${generation}`));
			child = await launch(dir, port, hostKey, options.maxSessions ?? 10);
		},
		async stop() {
			await stopChild(child);
			await rm(dir, { recursive: true, force: true });
		},
	};
}

async function launch(
	dir: string,
	port: number,
	hostKey: string,
	maxSessions: number,
): Promise<ChildProcess> {
	const config = join(dir, 'sshd_config');
	await writeFile(
		config,
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${hostKey}`,
			`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
			`PidFile ${join(dir, 'sshd.pid')}`,
			'StrictModes no',
			'UsePAM no',
			'PermitRootLogin prohibit-password',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'AllowTcpForwarding yes',
			`MaxSessions ${maxSessions}`,
			'LogLevel VERBOSE',
			'',
		].join('\n'),
	);
	const child = spawn(SSHD, ['-D', '-e', '-f', config], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let log = '';
	await new Promise<void>((resolve, reject) => {
		child.stderr?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
			if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) resolve();
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`sshd exited with ${code}:\n${log}`)));
	});
	return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/** A TCP port nothing listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise((resolve) => server.close(resolve));
	if (address === null || typeof address === 'string') throw new Error('no port');
	return address.port;
}
