import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { ClientIdentity, Dial, MemberEndpoint } from '../../source/health/types.js';
import { freePort } from './sshd.js';

/** Debian's etcd-server package (3.4.23); `apt-get install etcd-server` when missing. */
export const ETCD_BINARY = '/usr/bin/etcd';

/** Certificates made with the openssl CLI, as PEM text and as files (for etcd's flags). */
export interface LocalPki {
	readonly dir: string;
	/** The admin client certificate, signed by the cluster CA. */
	readonly admin: ClientIdentity;
	/** A client certificate from a second CA that the members do not trust. */
	readonly foreignAdmin: ClientIdentity;
	/** The second CA's certificate: trusting only it makes every member's certificate untrusted. */
	readonly foreignCaCert: string;
	readonly files: {
		readonly ca: string;
		/** serverAuth + clientAuth, SAN IP:127.0.0.1, DNS:localhost: both a server and a peer cert. */
		readonly member: { readonly cert: string; readonly key: string };
		/** Signed by the cluster CA but covering 127.0.0.2 instead of 127.0.0.1. */
		readonly wrongIp: { readonly cert: string; readonly key: string };
	};
}

const NEW_KEY = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';

/** Makes both CAs and every leaf under a fresh temp dir (remove it with `rmSync(dir)`). */
export function makeLocalPki(): LocalPki {
	const dir = mkdtempSync(join(tmpdir(), 'health-pki-'));
	// mkdtemp paths hold no spaces, so each command line can be split on them.
	const openssl = (command: string) =>
		execFileSync('openssl', command.split(' '), { cwd: dir, stdio: 'pipe' });
	const makeCa = (name: string) =>
		openssl(`req -x509 ${NEW_KEY} -keyout ${name}.key -out ${name}.crt -days 1 -subj /CN=${name}`);
	const makeLeaf = (name: string, ca: string, extensions: string) => {
		writeFileSync(join(dir, `${name}.ext`), `${extensions}\nbasicConstraints=CA:FALSE\n`);
		openssl(`req -new ${NEW_KEY} -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`);
		openssl(
			`x509 -req -in ${name}.csr -CA ${ca}.crt -CAkey ${ca}.key -CAcreateserial -days 1 ` +
				`-sha256 -extfile ${name}.ext -out ${name}.crt`,
		);
	};
	const serverUsage =
		'extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment';
	const clientUsage = 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature';
	makeCa('ca');
	makeCa('foreign-ca');
	makeLeaf('member', 'ca', `subjectAltName=IP:127.0.0.1,DNS:localhost\n${serverUsage}`);
	makeLeaf('wrong-ip', 'ca', `subjectAltName=IP:127.0.0.2,DNS:localhost\n${serverUsage}`);
	makeLeaf('admin', 'ca', clientUsage);
	makeLeaf('foreign-admin', 'foreign-ca', clientUsage);

	const file = (name: string) => join(dir, name);
	const pem = (name: string) => readFileSync(file(name), 'utf8');
	return {
		dir,
		admin: { caCert: pem('ca.crt'), cert: pem('admin.crt'), key: pem('admin.key') },
		foreignAdmin: {
			caCert: pem('ca.crt'),
			cert: pem('foreign-admin.crt'),
			key: pem('foreign-admin.key'),
		},
		foreignCaCert: pem('foreign-ca.crt'),
		files: {
			ca: file('ca.crt'),
			member: { cert: file('member.crt'), key: file('member.key') },
			wrongIp: { cert: file('wrong-ip.crt'), key: file('wrong-ip.key') },
		},
	};
}

/** The test dialer: a plain TCP connection to the member, resolved once it is connected. */
export const localDial: Dial = (member) =>
	new Promise<Duplex>((resolve, reject) => {
		const socket = connect(member.clientPort, member.ip);
		socket.once('connect', () => {
			socket.off('error', reject);
			resolve(socket);
		});
		socket.once('error', reject);
	});

export interface LocalMember extends MemberEndpoint {
	readonly peerPort: number;
	readonly dataDir: string;
}

/** A running etcd cluster on 127.0.0.1 whose members can be stopped and started again. */
export interface LocalCluster {
	readonly members: readonly LocalMember[];
	/** SIGTERM to one member; resolves once it has exited. */
	stop(name: string): Promise<void>;
	/** Starts a stopped member again on its data dir; resolves once its /health says true. */
	start(name: string): Promise<void>;
	/** Stops every member and removes the data dirs. */
	destroy(): Promise<void>;
}

export interface LocalClusterOptions {
	readonly size: number;
	/** Client-facing certificate of every member; the peer side always uses the good one. */
	readonly serverCert?: 'member' | 'wrongIp';
}

/** Starts `size` members on 127.0.0.1 with mTLS on both sides and waits until all are healthy. */
export async function startLocalCluster(
	pki: LocalPki,
	options: LocalClusterOptions,
): Promise<LocalCluster> {
	const base = mkdtempSync(join(tmpdir(), 'health-etcd-'));
	const members = await allocateMembers(base, options.size);
	const initialCluster = members.map((m) => `${m.name}=https://127.0.0.1:${m.peerPort}`).join(',');
	const server = pki.files[options.serverCert ?? 'member'];
	const running = new Map<string, EtcdProcess>();

	const start = async (member: LocalMember): Promise<void> => {
		const child = new EtcdProcess(member, [
			...memberFlags(member, initialCluster),
			...tlsFlags(pki, server),
		]);
		running.set(member.name, child);
		await waitForHealth(member, pki.admin, child);
	};
	const byName = (name: string): LocalMember => {
		const member = members.find((m) => m.name === name);
		if (!member) throw new Error(`no local etcd member called ${name}`);
		return member;
	};
	const stop = async (name: string): Promise<void> => {
		await running.get(name)?.stop();
		running.delete(name);
	};

	try {
		await Promise.all(members.map(start));
	} catch (error) {
		await Promise.all([...running.values()].map((child) => child.stop()));
		rmSync(base, { recursive: true, force: true });
		throw error;
	}
	return {
		members,
		stop,
		start: (name) => start(byName(name)),
		async destroy() {
			await Promise.all(members.map((m) => stop(m.name)));
			rmSync(base, { recursive: true, force: true });
		},
	};
}

async function allocateMembers(base: string, size: number): Promise<LocalMember[]> {
	const ports = new Set<number>();
	while (ports.size < size * 2) ports.add(await freePort());
	const [...all] = ports;
	return Array.from({ length: size }, (_, i) => {
		const dataDir = join(base, `etcd${i + 1}`);
		mkdirSync(dataDir, { mode: 0o700 });
		return {
			name: `etcd${i + 1}`,
			ip: '127.0.0.1',
			clientPort: all[2 * i] ?? 0,
			peerPort: all[2 * i + 1] ?? 0,
			dataDir,
		};
	});
}

function memberFlags(member: LocalMember, initialCluster: string): string[] {
	const client = `https://127.0.0.1:${member.clientPort}`;
	const peer = `https://127.0.0.1:${member.peerPort}`;
	return [
		`--name=${member.name}`,
		`--data-dir=${member.dataDir}`,
		`--listen-client-urls=${client}`,
		`--advertise-client-urls=${client}`,
		`--listen-peer-urls=${peer}`,
		`--initial-advertise-peer-urls=${peer}`,
		`--initial-cluster=${initialCluster}`,
		'--initial-cluster-state=new',
		'--initial-cluster-token=health-test',
		// Short timeouts: a lost leader is noticed within the tests' patience.
		'--heartbeat-interval=50',
		'--election-timeout=500',
		'--logger=zap',
		'--log-level=warn',
	];
}

function tlsFlags(pki: LocalPki, server: { cert: string; key: string }): string[] {
	return [
		`--cert-file=${server.cert}`,
		`--key-file=${server.key}`,
		`--trusted-ca-file=${pki.files.ca}`,
		'--client-cert-auth',
		`--peer-cert-file=${pki.files.member.cert}`,
		`--peer-key-file=${pki.files.member.key}`,
		`--peer-trusted-ca-file=${pki.files.ca}`,
		'--peer-client-cert-auth',
	];
}

/** One etcd process; keeps the end of its log for the error when it dies or never gets healthy. */
class EtcdProcess {
	readonly #child: ChildProcess;
	readonly #exited: Promise<void>;
	#log = '';
	#exitCode: number | string | null = null;

	constructor(
		readonly member: LocalMember,
		args: string[],
	) {
		this.#child = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		this.#child.stderr?.on('data', (chunk: Buffer) => {
			this.#log = (this.#log + chunk.toString()).slice(-4000);
		});
		this.#exited = new Promise((resolve) => {
			this.#child.once('exit', (code, signal) => {
				this.#exitCode = code ?? signal;
				resolve();
			});
			this.#child.once('error', (error) => {
				this.#exitCode = error.message;
				resolve();
			});
		});
	}

	/** Why it is no longer running, or null while it runs. */
	get exitReason(): string | null {
		if (this.#exitCode === null) return null;
		return `etcd ${this.member.name} exited (${this.#exitCode}): ${this.#log.trim()}`;
	}

	get log(): string {
		return this.#log;
	}

	async stop(): Promise<void> {
		if (this.#exitCode !== null) return;
		this.#child.kill('SIGTERM');
		const killed = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
		await this.#exited;
		clearTimeout(killed);
	}
}

/** Polls GET /health with the admin certificate (no hostname check) until it says true. */
async function waitForHealth(
	member: LocalMember,
	admin: ClientIdentity,
	child: EtcdProcess,
): Promise<void> {
	const deadline = Date.now() + 30_000;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		const dead = child.exitReason;
		if (dead) throw new Error(dead);
		try {
			const body = await getHealth(member, admin);
			if ((JSON.parse(body) as { health?: string }).health === 'true') return;
			last = body;
		} catch (error) {
			last = (error as Error).message;
		}
		await delay(100);
	}
	throw new Error(
		`etcd ${member.name} did not get healthy in 30 s (last: ${last}); log: ${child.log}`,
	);
}

function getHealth(member: LocalMember, admin: ClientIdentity): Promise<string> {
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: member.ip,
				port: member.clientPort,
				path: '/health',
				ca: admin.caCert,
				cert: admin.cert,
				key: admin.key,
				agent: false,
				timeout: 2000,
				// The wrong-IP cluster must come up too: readiness is not about the SANs.
				checkServerIdentity: () => undefined,
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					body += chunk;
				});
				res.on('end', () => resolve(body));
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', reject);
		req.end();
	});
}
