import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { shellQuote, wrapCommand } from '../shell/quote.js';
import { AbortError, CommandError, SshError } from './errors.js';
import { type ChannelExec, ChannelOpenError, type ExecResult, execOnChannel } from './exec.js';
import { Semaphore } from './semaphore.js';
import { sudoFailure } from './sudo.js';
import { uploadScript, uploadTempPath } from './upload.js';

/** How one command runs. */
export interface ExecOptions {
	/** Run as root (through `sudo -n` when the login user is not root). */
	readonly sudo?: boolean;
	readonly stdin?: string | Buffer;
	readonly signal?: AbortSignal;
	readonly timeoutMs?: number;
	/** Throw a CommandError when the exit code is not 0. */
	readonly check?: boolean;
}

/** How an uploaded file lands. */
export interface UploadOptions {
	readonly mode: number;
	readonly owner?: string;
	readonly group?: string;
	readonly signal?: AbortSignal;
	/** Write as root (default true): targets are system paths. */
	readonly sudo?: boolean;
}

/** One SSH connection to one host; every command and tunnel shares it. */
export interface HostConnection {
	/** Display name (the member name). */
	readonly host: string;
	readonly address: string;
	readonly isRoot: boolean;
	exec(command: string, options?: ExecOptions): Promise<ExecResult>;
	/**
	 * Writes a file atomically: to a hidden temp file beside it through `cat`, chmod/chown,
	 * then renamed into place; the temp file is removed on failure.
	 */
	upload(path: string, content: string | Buffer, options: UploadOptions): Promise<void>;
	/** A TCP stream to dstHost:dstPort as seen from the host (a direct-tcpip channel). */
	forwardOut(dstHost: string, dstPort: number): Promise<Duplex>;
	close(): void;
}

/** A HostConnection over one ready ssh2 client. */
export class SshHostConnection implements HostConnection {
	readonly isRoot: boolean;
	readonly #client: Client;
	readonly #user: string;
	readonly #slots: Semaphore;
	#ended = false;
	#lost: Error | undefined;
	/** Exec channels opening or open, how many were done so far, and an event for each. */
	#inFlight = 0;
	#done = 0;
	readonly #channelEvents = new EventEmitter().setMaxListeners(0);

	constructor(
		client: Client,
		readonly host: string,
		readonly address: string,
		user: string,
		maxChannels: number,
	) {
		this.#client = client;
		this.#user = user;
		// By name: a uid-0 account under another name would merely use sudo needlessly.
		this.isRoot = user === 'root';
		this.#slots = new Semaphore(maxChannels);
		client.on('error', (error) => {
			this.#lost = error;
		});
		client.on('close', () => {
			this.#ended = true;
		});
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		const sudo = options.sudo ?? false;
		const result = await this.#run({
			host: this.host,
			command: wrapCommand(command, { sudo, isRoot: this.isRoot }),
			...(options.stdin === undefined ? {} : { stdin: options.stdin }),
			...(options.signal ? { signal: options.signal } : {}),
			...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
			kill: (pid) => this.#kill(pid, sudo),
		});
		if (sudo && !this.isRoot) {
			const refused = sudoFailure(this.host, this.#user, result.code, result.stderr);
			if (refused) throw refused;
		}
		if (options.check && result.code !== 0) {
			throw new CommandError(this.host, command, result.code, result.stderr);
		}
		return result;
	}

	async upload(path: string, content: string | Buffer, options: UploadOptions): Promise<void> {
		const temp = uploadTempPath(path);
		const script = uploadScript({ path, ...options }, temp);
		const sudo = options.sudo ?? true;
		let result: ExecResult;
		try {
			result = await this.exec(script, {
				sudo,
				stdin: content,
				...(options.signal ? { signal: options.signal } : {}),
			});
		} catch (error) {
			// Aborted or cut off mid-write: the script had no chance to remove its temp file.
			await this.exec(`rm -f ${shellQuote(temp)}`, { sudo, timeoutMs: 10_000 }).catch(
				() => undefined,
			);
			throw error;
		}
		if (result.code !== 0) {
			throw new CommandError(this.host, script, result.code, result.stderr, `writing ${path}`);
		}
	}

	async forwardOut(dstHost: string, dstPort: number): Promise<Duplex> {
		this.#assertOpen();
		const release = await this.#slots.acquire();
		return new Promise((resolve, reject) => {
			const failed = (error: Error) => {
				release();
				reject(
					new SshError(
						this.host,
						`cannot open a tunnel to ${dstHost}:${dstPort} through ${this.host}: ${error.message}`,
						`check that something listens on ${dstHost}:${dstPort} on ${this.host} and that its sshd allows TCP forwarding`,
						{ cause: error },
					),
				);
			};
			try {
				this.#client.forwardOut('127.0.0.1', 0, dstHost, dstPort, (error, channel) => {
					if (error) return failed(error);
					channel.once('close', release);
					resolve(channel);
				});
			} catch (error) {
				failed(error as Error);
			}
		});
	}

	/**
	 * Runs on a channel within the bound. A server that allows fewer sessions than the bound
	 * (or has not yet reaped a session that just closed) refuses the channel: while other
	 * channels are open or opening, wait until one of them is done and try again.
	 */
	async #run(run: ChannelExec): Promise<ExecResult> {
		for (;;) {
			this.#assertOpen();
			const release = await this.#slots.acquire(run.signal);
			let mine = 0;
			this.#inFlight += 1;
			try {
				return await execOnChannel(this.#client, {
					...run,
					onChannelDone: () => {
						release();
						this.#inFlight -= 1;
						this.#done += 1;
						mine = this.#done;
						this.#channelEvents.emit('done');
					},
				});
			} catch (error) {
				if (!(error instanceof ChannelOpenError)) throw error;
				if (this.#done === mine) {
					if (this.#inFlight === 0) throw error;
					await this.#nextChannelDone(run.signal);
				}
			}
		}
	}

	#nextChannelDone(signal: AbortSignal | undefined): Promise<void> {
		return new Promise((resolve, reject) => {
			const done = () => {
				signal?.removeEventListener('abort', aborted);
				resolve();
			};
			const aborted = () => {
				this.#channelEvents.off('done', done);
				reject(new AbortError(`command on ${this.host} aborted`));
			};
			this.#channelEvents.once('done', done);
			signal?.addEventListener('abort', aborted, { once: true });
		});
	}

	/** Best effort: TERM to an aborted command's shell, whose trap ends its process group. */
	async #kill(pid: number, sudo: boolean): Promise<void> {
		await this.exec(`kill -TERM ${pid}`, { sudo, timeoutMs: 10_000 }).catch(() => undefined);
	}

	close(): void {
		this.#ended = true;
		this.#client.end();
	}

	#assertOpen(): void {
		if (!this.#ended) return;
		const why = this.#lost ? `: ${this.#lost.message}` : '';
		throw new SshError(
			this.host,
			`the connection to ${this.host} (${this.address}) is closed${why}`,
			`check that ${this.host} is up, then run again`,
		);
	}
}
