import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A program running in a detached tmux session on its own server (socket), as in a terminal. */
export interface TmuxSession {
	readonly socket: string;
	readonly name: string;
	/** Sends tmux key names (`Enter`, `Down`, `BSpace`, `Escape`, `C-c`). */
	keys(...keys: string[]): Promise<void>;
	/** Types text literally (no key names). */
	type(text: string): Promise<void>;
	/** The visible screen as plain text (no colours), trailing blank lines dropped. */
	screen(): Promise<string>;
	/**
	 * Polls the screen until `expected` shows (a string, or a regexp); returns that screen. On the
	 * deadline it throws with the last screen, so a failure shows what the terminal looked like.
	 */
	waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
	/** The program's exit status once it has ended (as `sh` puts it: 130 after SIGINT). */
	exitStatus(): Promise<number | undefined>;
	/** Kills the session and its server, and removes the server's socket. */
	kill(): Promise<void>;
}

export interface TmuxOptions {
	readonly width?: number;
	readonly height?: number;
	/** The program's environment on top of the server's (the test process's). */
	readonly env?: Readonly<Record<string, string>>;
}

const POLL_MS = 100;

/**
 * What the shell around the program prints when it ends. A shell waits for it (tmux's own
 * pane status was seen to miss an exit: the program a zombie, the pane never dead).
 */
const EXIT_MARK = /^\[exited (\d+)\]$/m;

function tmux(socket: string, ...args: string[]): Promise<string> {
	return run('tmux', ['-L', socket, ...args]).then((r) => r.stdout);
}

/**
 * Starts `command` (argv) in a new `width` x `height` tmux session on a server of its own, so
 * sessions of other people on this machine are never touched. A shell runs it and prints its
 * exit status after it; the pane stays (remain-on-exit) so the last screen can be read.
 */
export async function startTmux(
	name: string,
	command: readonly string[],
	options: TmuxOptions = {},
): Promise<TmuxSession> {
	const socket = `${name}-${process.pid}`;
	const envArgs = Object.entries(options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
	await tmux(
		socket,
		'-f',
		'/dev/null',
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		String(options.width ?? 80),
		'-y',
		String(options.height ?? 24),
		...envArgs,
		'sh',
		'-c',
		'"$@"; echo "[exited $?]"',
		'sh',
		...command,
		';',
		'set-option',
		'-t',
		name,
		'remain-on-exit',
		'on',
	);
	const target = `${name}:0.0`;
	const screen = async () =>
		(await tmux(socket, 'capture-pane', '-p', '-t', target)).replace(/\s+$/, '');
	return {
		socket,
		name,
		keys: async (...keys) => {
			await tmux(socket, 'send-keys', '-t', target, ...keys);
		},
		type: async (text) => {
			await tmux(socket, 'send-keys', '-t', target, '-l', text);
		},
		screen,
		async waitFor(expected, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			const found = (text: string) =>
				typeof expected === 'string' ? text.includes(expected) : expected.test(text);
			let last = '';
			for (;;) {
				last = await screen();
				if (found(last)) return last;
				if (Date.now() > deadline) {
					throw new Error(
						`the terminal did not show ${String(expected)} within ${timeoutMs} ms; it showed:\n${last}`,
					);
				}
				await new Promise((resolve) => setTimeout(resolve, POLL_MS));
			}
		},
		async exitStatus() {
			const status = EXIT_MARK.exec(await screen())?.[1];
			return status === undefined ? undefined : Number(status);
		},
		async kill() {
			const path = await tmux(socket, 'display-message', '-p', '#{socket_path}').catch(() => '');
			await tmux(socket, 'kill-server').catch(() => undefined);
			// tmux leaves its socket file behind.
			if (path.trim()) await rm(path.trim(), { force: true });
		},
	};
}

/** Keeps numbered screens of a walk-through in one directory, as test artifacts. */
export class ScreenLog {
	private count = 0;

	constructor(readonly dir: string) {}

	/** Saves `screen` as `NN-label.txt`. */
	async save(label: string, screen: string): Promise<void> {
		this.count += 1;
		await mkdir(this.dir, { recursive: true });
		const file = `${String(this.count).padStart(2, '0')}-${label}.txt`;
		await writeFile(join(this.dir, file), `${screen}\n`);
	}
}
