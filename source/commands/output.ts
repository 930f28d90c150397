import { setMaxListeners } from 'node:events';
import { createInterface } from 'node:readline/promises';
import { createJsonReporter, createPlainReporter, stampEvents } from '../events/index.js';
import type { EmitEvent } from '../events/run-event.js';

/** Where a command writes: machine output to stdout, progress and logs to stderr. */
export interface CommandIo {
	readonly json: boolean;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
}

export const processIo = (json: boolean): CommandIo => ({
	json,
	stdout: (text) => process.stdout.write(`${text}\n`),
	stderr: (text) => process.stderr.write(`${text}\n`),
});

/** The event stream of a headless command: plain lines on stderr, or JSON lines on stdout. */
export function headlessEmitter(io: CommandIo, nodes: readonly string[]): EmitEvent {
	return stampEvents(
		io.json ? createJsonReporter(io.stdout) : createPlainReporter(io.stderr, { nodes }),
	);
}

/** A wrong command line: exit 64 with the flag or argument named. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/**
 * Ctrl-C aborts the work (every host stops after its current step); a second Ctrl-C quits at
 * once. Returns the signal and a function that removes the handler.
 */
export function abortOnInterrupt(io: CommandIo): { signal: AbortSignal; dispose: () => void } {
	const controller = new AbortController();
	// Every host's commands and uploads listen on this one signal at once (hosts x channels).
	setMaxListeners(200, controller.signal);
	const onInterrupt = () => {
		if (controller.signal.aborted) process.exit(130);
		io.stderr('stopping after the current step on each host (Ctrl-C again to quit at once)');
		controller.abort();
	};
	process.on('SIGINT', onInterrupt);
	process.on('SIGTERM', onInterrupt);
	return {
		signal: controller.signal,
		dispose: () => {
			process.off('SIGINT', onInterrupt);
			process.off('SIGTERM', onInterrupt);
		},
	};
}

/** Whether a person can be asked: stdin and stdout are terminals and this is not CI. */
export function interactiveTerminal(): boolean {
	return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
}

/** A y/N question on stderr; only yes (or y) says yes. */
export async function askYes(question: string): Promise<boolean> {
	const rl = createInterface({ input: process.stdin, output: process.stderr });
	try {
		return /^y(es)?$/i.test((await rl.question(question)).trim());
	} finally {
		rl.close();
	}
}
