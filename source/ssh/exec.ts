import { constants } from 'node:os';
import type { Client, ClientChannel } from 'ssh2';
import { PidMarkerFilter } from '../shell/pid-marker.js';
import { AbortError, SshError } from './errors.js';
import { TailBuffer } from './tail-buffer.js';

/** What a command printed and how it ended. */
export interface ExecResult {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** One command on an open connection; the channel is closed when it ends, aborts or times out. */
export interface ChannelExec {
	readonly host: string;
	/** The full command line sent (already wrapped); named in timeout messages. */
	readonly command: string;
	readonly stdin?: string | Buffer;
	readonly signal?: AbortSignal;
	readonly timeoutMs?: number;
	/**
	 * Kills the remote shell by PID from another channel, for when sshd ignores signals;
	 * settles once the kill was sent (or could not be).
	 */
	readonly kill?: (pid: number) => Promise<void>;
	/** Called once when the channel is gone (closed, or never opened): its slot is free again. */
	readonly onChannelDone?: () => void;
}

/** How long an aborted or timed-out command waits for its kill to be sent before it settles. */
const KILL_WAIT_MS = 3000;

/** `work`, or nothing once `ms` have passed; never rejects. */
function withinMs(work: Promise<void>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, ms);
	});
	return Promise.race([work.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/**
 * Runs a command on its own channel and collects its output (the last MiB of each stream).
 * Resolves with the exit code whatever it is; rejects on abort (AbortError), timeout or a
 * channel that cannot be opened (SshError). A command killed by a signal reports 128 + its
 * number, as a shell would.
 */
export function execOnChannel(client: Client, run: ChannelExec): Promise<ExecResult> {
	const { host, signal } = run;
	if (signal?.aborted) {
		run.onChannelDone?.();
		return Promise.reject(new AbortError(`command on ${host} aborted`));
	}
	return new Promise((resolve, reject) => {
		let channel: ClientChannel | undefined;
		const marker = new PidMarkerFilter();
		let timer: NodeJS.Timeout | undefined;
		let settled = false;
		const finish = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			outcome();
		};
		const stop = (error: Error) =>
			finish(() => {
				if (channel) terminate(channel);
				const { pid } = marker;
				if (pid === undefined || !run.kill) return reject(error);
				// Settle once the kill is sent: a caller that closes the connection next (Ctrl-C
				// ends the program) would otherwise drop it and leave the command running.
				void withinMs(run.kill(pid), KILL_WAIT_MS).then(() => reject(error));
			});
		const onAbort = () => stop(new AbortError(`command on ${host} aborted`));
		signal?.addEventListener('abort', onAbort, { once: true });
		if (run.timeoutMs !== undefined) {
			const seconds = run.timeoutMs / 1000;
			timer = setTimeout(
				() =>
					stop(
						new SshError(
							host,
							`command on ${host} did not finish within ${seconds} s`,
							'look at the host (load, a hung mount, a lock) or raise the timeout',
						),
					),
				run.timeoutMs,
			);
		}
		const failed = (error: Error) => {
			run.onChannelDone?.();
			finish(() =>
				reject(
					new ChannelOpenError(
						host,
						`cannot start a command on ${host}: ${error.message}`,
						`check that ${host} is up and MaxSessions in its sshd_config`,
						{ cause: error },
					),
				),
			);
		};
		const opened = (error: Error | undefined, stream: ClientChannel) => {
			if (error) {
				failed(error);
				return;
			}
			channel = stream;
			const stdout = new TailBuffer();
			const stderr = new TailBuffer();
			let exit: number | undefined;
			stream.on('data', (chunk: Buffer) => stdout.push(chunk));
			stream.stderr.on('data', (chunk: Buffer) => stderr.push(marker.push(chunk)));
			// A write after the far end closed must not crash the process; 'close' still follows.
			stream.on('error', () => undefined);
			stream.on('exit', (code: number | null, signalName?: string) => {
				exit = exitCode(code, signalName);
			});
			stream.on('close', () => {
				stderr.push(marker.flush());
				run.onChannelDone?.();
				finish(() => {
					if (exit === undefined) reject(lostError(host));
					else resolve({ code: exit, stdout: stdout.toString(), stderr: stderr.toString() });
				});
			});
			if (settled) {
				// Aborted or timed out while the channel was opening.
				terminate(stream);
				return;
			}
			stream.end(run.stdin);
		};
		try {
			client.exec(run.command, opened);
		} catch (error) {
			failed(error as Error);
		}
	});
}

/** The server refused to open a channel (sshd's MaxSessions, or the connection is going). */
export class ChannelOpenError extends SshError {
	override readonly name: string = 'ChannelOpenError';
}

/** The parts of ssh2's channel that `signal()` uses, reached past its state check. */
interface ChannelInternals {
	readonly outgoing?: { readonly id?: number; readonly state?: string };
	readonly _client?: { readonly _protocol?: { signal(id: number, name: string): void } };
}

/**
 * Sends TERM to the command (sshd kills its process group) and closes the channel. ssh2's
 * `signal()` stays silent once stdin has been ended, though SSH allows signals after EOF, so
 * the request goes to the protocol directly in that state.
 */
function terminate(channel: ClientChannel): void {
	const internals = channel as unknown as ChannelInternals;
	const { outgoing } = internals;
	try {
		if (outgoing?.state === 'eof' && outgoing.id !== undefined) {
			internals._client?._protocol?.signal(outgoing.id, 'TERM');
		} else {
			channel.signal('TERM');
		}
	} catch {
		// A connection that is going away needs no signal.
	}
	channel.close();
}

/** The channel closed without an exit status: the connection dropped under the command. */
function lostError(host: string): SshError {
	return new SshError(
		host,
		`the connection to ${host} was lost while a command ran; its outcome is unknown`,
		`check that ${host} is up, then run again`,
	);
}

function exitCode(code: number | null | undefined, signalName: string | undefined): number {
	if (typeof code === 'number') return code;
	const number = signalName
		? constants.signals[`SIG${signalName}` as keyof typeof constants.signals]
		: undefined;
	return number === undefined ? 255 : 128 + number;
}
