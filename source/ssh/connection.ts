import ssh2, { type ConnectConfig } from 'ssh2';
import { type ConnectTarget, connectError, timeoutError } from './connect-errors.js';
import { AbortError, SshError } from './errors.js';
import { type HostConnection, SshHostConnection } from './host-connection.js';
import { checkHostKey, type UnknownHostKeyPrompt } from './host-key.js';
import { loadIdentity } from './identity.js';
import { preferredHostKeyAlgorithms } from './known-hosts.js';
import { expandHome, readKnownHosts } from './known-hosts-file.js';

export { AbortError, CommandError, SshError } from './errors.js';
export type { ExecResult } from './exec.js';
export type { ExecOptions, HostConnection, UploadOptions } from './host-connection.js';

/** How to reach and trust hosts; one value serves every host of a cluster. */
export interface ConnectOptions {
	readonly user: string;
	readonly port: number;
	readonly identityFile?: string;
	readonly passphrase?: string;
	/** ssh-agent socket path. */
	readonly agent?: string;
	readonly knownHostsFile: string;
	/** Trust and record a host key never seen before (trust on first use, headless). */
	readonly acceptNewHostKeys: boolean;
	/** Asked about a key never seen before when acceptNewHostKeys is false. */
	readonly onUnknownHostKey?: UnknownHostKeyPrompt;
	/** Until the login completes (a prompt pauses it); default 10000. */
	readonly connectTimeoutMs?: number;
	/** Default 5000; three unanswered keepalives end the connection. */
	readonly keepaliveIntervalMs?: number;
	/** Concurrent exec and tunnel channels on the connection; default 4 (sshd allows 10). */
	readonly maxChannels?: number;
	readonly signal?: AbortSignal;
	/** Record new host keys hashed, as `HashKnownHosts yes`; default true. */
	readonly hashKnownHosts?: boolean;
}

/**
 * Opens an SSH connection to `address` for the host called `name`, checking its key against
 * known_hosts first. Rejects with an SshError that names the host and says what to do, or an
 * AbortError when `options.signal` aborts.
 */
export async function connectHost(
	name: string,
	address: string,
	options: ConnectOptions,
): Promise<HostConnection> {
	if (options.signal?.aborted) throw new AbortError(`connecting to ${name} aborted`);
	const identity = await loadIdentity(name, options);
	const knownHostsFile = expandHome(options.knownHostsFile);
	const entries = await readKnownHosts(knownHostsFile).catch((error: Error) => {
		throw new SshError(
			name,
			`cannot read ${knownHostsFile}: ${error.message}`,
			'check ssh.knownHostsFile and its permissions',
			{ cause: error },
		);
	});
	const { port, user, signal } = options;
	const target: ConnectTarget = { name, address, port, user, credentials: identity.description };
	const timeoutMs = options.connectTimeoutMs ?? 10_000;
	const client = new ssh2.Client();

	return new Promise((resolve, reject) => {
		let refusal: SshError | undefined;
		let settled = false;
		let timer: NodeJS.Timeout | undefined;
		const arm = () => {
			clearTimeout(timer);
			timer = setTimeout(() => fail(timeoutError(target, timeoutMs)), timeoutMs);
		};
		const settle = () => {
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
		};
		const fail = (error: Error) => {
			if (settled) return;
			settle();
			client.destroy();
			reject(error);
		};
		const onAbort = () => fail(new AbortError(`connecting to ${name} aborted`));
		signal?.addEventListener('abort', onAbort, { once: true });

		const hostVerifier = (key: Buffer, verify: (valid: boolean) => void) => {
			const context = {
				name,
				address,
				port,
				knownHostsFile,
				entries,
				acceptNewHostKeys: options.acceptNewHostKeys,
				hashKnownHosts: options.hashKnownHosts ?? true,
				...(options.onUnknownHostKey ? { onUnknownHostKey: options.onUnknownHostKey } : {}),
				// A person answering a prompt is not a slow host.
				onPrompt: (asking: boolean) => {
					if (asking) clearTimeout(timer);
					else if (!settled) arm();
				},
			};
			checkHostKey(context, key).then(
				() => verify(true),
				(error: SshError) => {
					refusal = error;
					verify(false);
				},
			);
		};
		client.on('ready', () => {
			if (settled) return;
			settle();
			// Each command is a handful of small packets; Nagle would hold them for the peer's
			// delayed ACK (40 ms a command).
			client.setNoDelay(true);
			resolve(new SshHostConnection(client, name, address, user, options.maxChannels ?? 4));
		});
		client.on('error', (error) => fail(refusal ?? connectError(target, error)));
		client.on('close', () =>
			fail(
				refusal ??
					new SshError(
						name,
						`${name} (${address}:${port}) closed the connection during login`,
						`look at the sshd log on ${name} (journalctl -u ssh)`,
					),
			),
		);
		const algorithms = preferredHostKeyAlgorithms(entries, address, port);
		const config: ConnectConfig = {
			host: address,
			port,
			username: user,
			...(identity.privateKey ? { privateKey: identity.privateKey } : {}),
			...(identity.passphrase === undefined ? {} : { passphrase: identity.passphrase }),
			...(identity.agent ? { agent: identity.agent } : {}),
			hostVerifier,
			// Our own timer bounds the login instead, so that it can pause during a prompt.
			readyTimeout: 0,
			keepaliveInterval: options.keepaliveIntervalMs ?? 5000,
			keepaliveCountMax: 3,
			...(algorithms
				? { algorithms: { serverHostKey: algorithms as ConnectAlgorithms['serverHostKey'] } }
				: {}),
		};
		arm();
		try {
			client.connect(config);
		} catch (error) {
			fail(connectError(target, error as Error));
		}
	});
}

type ConnectAlgorithms = NonNullable<ConnectConfig['algorithms']>;
