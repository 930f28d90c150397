/**
 * How soon the wizard shows its first screen: each command starts in a terminal of its own (a
 * pty of 80x24, made by util-linux `script`), timed from the spawn to the moment the start
 * menu's text arrives on the pty; then Ctrl-C quits it, and the next run waits for its end.
 * Needs no lab and no root.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A line of the start menu, drawn with the first frame. */
const START_MENU = 'Set up a new etcd cluster';
const TIMEOUT_MS = 60_000;

/** A figure of the bench: what, its median in ms, and the target printed beside it. */
export type Row = [string, number, string];

/**
 * Milliseconds from starting `command` (a shell command line, run in the repository) in a new
 * terminal until the start menu shows. `configHome` keeps the operator's recent files out.
 */
export function firstFrameMs(command: string, configHome: string): Promise<number> {
	const started = performance.now();
	const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${command}`, '/dev/null'], {
		cwd: ROOT,
		env: { ...process.env, XDG_CONFIG_HOME: configHome },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	return new Promise<number>((resolve, reject) => {
		let output = '';
		let shownAfter: number | undefined;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`no start menu from '${command}' in ${TIMEOUT_MS / 1000} s:\n${screen()}`));
		}, TIMEOUT_MS);
		const screen = () => stripVTControlCharacters(output).slice(-2000);
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (shownAfter === undefined && screen().includes(START_MENU)) {
				shownAfter = performance.now() - started;
				child.stdin.write('\u0003');
			}
		});
		// Ctrl-C after the program ended on its own: its end is reported below.
		child.stdin.on('error', () => {});
		child.stderr.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
		});
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			if (shownAfter !== undefined) resolve(shownAfter);
			else reject(new Error(`'${command}' ended (${code}) before its start menu:\n${screen()}`));
		});
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `command` (argv) in the repository and waits for it; throws when it fails. */
function runChecked(command: string, args: readonly string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
		);
	});
}

/**
 * `npm start` with nothing changed since the build, and the built wizard alone, each to its
 * first frame: medians of `runs`, the two interleaved so that both see the same machine.
 */
export async function startupRows(runs: number): Promise<Row[]> {
	await runChecked('npm', ['run', 'build', '--silent']);
	const configHome = await mkdtemp(join(tmpdir(), 'bench-startup-'));
	const start: number[] = [];
	const built: number[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			start.push(await firstFrameMs('npm start', configHome));
			built.push(await firstFrameMs('node dist/cli.js', configHome));
		}
	} finally {
		await rm(configHome, { recursive: true, force: true });
	}
	return [
		['npm start to first frame (nothing changed)', median(start), '<= 2000 ms'],
		['node dist/cli.js to first frame', median(built), '<= 1000 ms'],
	];
}
