import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { ClusterProbe } from '../../../source/health/cluster-probe.js';
import type { ClusterHealth } from '../../../source/health/index.js';
import type { MemberMaterial } from '../../../source/pki/index.js';
import type { ExecResult } from '../../../source/ssh/exec.js';
import { CommandError, type ExecOptions, type HostConnection } from '../../../source/ssh/index.js';

/** The confDir the fake hosts pretend to have; commands and paths are mapped to a temp dir. */
export const CONF_DIR = '/etc/etcd';

/**
 * A member whose host is a temp dir and whose etcd is two TLS listeners (client, peer) that read
 * their certificate and key files at every handshake, as etcd does. Commands run locally with
 * `sh`; `systemctl restart` only counts (or fails while `failRestart` says so).
 */
export class FakeMember implements HostConnection {
	readonly isRoot = true;
	readonly commands: string[] = [];
	restarts = 0;
	/** Makes `systemctl restart` fail while it returns true (given the member's ca.crt). */
	failRestart: (caFile: string) => boolean = () => false;
	/** Commands matching this fail with exit 1 before they run. */
	failCommands: RegExp | undefined;
	readonly #servers: { client?: Server; peer?: Server } = {};
	readonly #ports: { client: number; peer: number } = { client: 0, peer: 0 };

	constructor(
		readonly host: string,
		readonly address: string,
		readonly root: string,
	) {}

	/** Writes the member's files as apply would have and starts its listeners. */
	async start(ca: string, material: MemberMaterial, config: string): Promise<void> {
		await mkdir(this.root, { recursive: true });
		const files: Record<string, string> = {
			'ca.crt': ca,
			'etcd.conf.yml': config,
			'server.crt': material.serverCert,
			'server.key': material.serverKey,
			'peer.crt': material.peerCert,
			'peer.key': material.peerKey,
		};
		for (const [name, content] of Object.entries(files)) {
			await writeFile(`${this.root}/${name}`, content, {
				mode: name.endsWith('.key') ? 0o600 : 0o644,
			});
		}
		for (const kind of ['client', 'peer'] as const) {
			const server = createServer((socket) =>
				this.#handshake(socket, kind === 'client' ? 'server' : 'peer'),
			);
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			this.#servers[kind] = server;
			const address = server.address();
			this.#ports[kind] = typeof address === 'object' && address ? address.port : 0;
		}
	}

	#handshake(socket: Socket, kind: 'server' | 'peer'): void {
		try {
			const secureContext = createSecureContext({
				cert: readFileSync(`${this.root}/${kind}.crt`),
				key: readFileSync(`${this.root}/${kind}.key`),
			});
			const tls = new TLSSocket(socket, { isServer: true, secureContext });
			tls.on('error', () => socket.destroy());
		} catch {
			// A key that does not match its certificate: no handshake, as with etcd.
			socket.destroy();
		}
	}

	file(name: string): string {
		return readFileSync(`${this.root}/${name}`, 'utf8');
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		// As the real connection: an aborted signal stops a command before it runs.
		options.signal?.throwIfAborted();
		this.commands.push(command);
		const local = command.replaceAll(CONF_DIR, this.root);
		let result: ExecResult;
		if (this.failCommands?.test(command)) {
			result = { code: 1, stdout: '', stderr: 'injected failure' };
		} else if (command === 'systemctl restart etcd.service') {
			result = this.failRestart(this.file('ca.crt'))
				? { code: 1, stdout: '', stderr: 'Job for etcd.service failed.' }
				: { code: 0, stdout: '', stderr: '' };
			if (result.code === 0) this.restarts++;
		} else {
			result = await new Promise((resolve) => {
				execFile('sh', ['-c', local], (error, stdout, stderr) =>
					resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
				);
			});
		}
		if (options.check && result.code !== 0) {
			throw new CommandError(this.host, command, result.code, result.stderr);
		}
		return result;
	}

	async upload(
		path: string,
		content: string | Buffer,
		options: { mode: number; signal?: AbortSignal },
	): Promise<void> {
		options.signal?.throwIfAborted();
		this.commands.push(`upload ${path}`);
		await writeFile(path.replace(CONF_DIR, this.root), content, { mode: options.mode });
	}

	async forwardOut(_host: string, port: number): Promise<Duplex> {
		const local = port === 2380 ? this.#ports.peer : this.#ports.client;
		const socket = connect(local, '127.0.0.1');
		await new Promise<void>((resolve, reject) =>
			socket.once('connect', resolve).once('error', reject),
		);
		return socket;
	}

	close(): void {
		this.#servers.client?.close();
		this.#servers.peer?.close();
	}
}

/**
 * A health probe that reports every member healthy, unless `sick` names one; with a signal, its
 * checks reject once the signal is aborted, as the real probe's do.
 */
export function fakeProbe(
	names: readonly string[],
	sick: () => string | undefined = () => undefined,
	signal?: AbortSignal,
): ClusterProbe {
	const health = (): ClusterHealth => {
		signal?.throwIfAborted();
		const bad = sick();
		return {
			cluster: {
				name: 'homelab',
				healthy: bad === undefined,
				quorum: true,
				// No leader known: members restart in file order (leader-last is rolling.test.ts's).
				leader: null,
				clusterId: '1',
				members: names.length,
			},
			members: [],
		};
	};
	return {
		endpoints: [],
		dial: () => Promise.reject(new Error('no dialing in the fake')),
		check: async () => health(),
		healthy: async () => {
			const result = health();
			if (!result.cluster.healthy) throw new Error(`${sick()} is not healthy`);
			return result;
		},
	};
}
