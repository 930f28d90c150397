import { stripVTControlCharacters } from 'node:util';

/** Key sequences a terminal sends. */
export const KEYS = {
	enter: '\r',
	esc: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	tab: '\t',
	shiftTab: '\u001B[Z',
	pageDown: '\u001B[6~',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

/** The clock of every view test. */
export const T0 = 1_700_000_000_000;

/** What the app tests fix: the test clock, and 80x24 (colour is each test's own). */
export const SCREEN = { clock: () => T0, width: 80, height: 24 } as const;

/** A frame without ANSI and trailing blanks, its rows kept (trailing empty ones too). */
export function plainRows(frame: string | undefined): string {
	return stripVTControlCharacters(frame ?? '')
		.split('\n')
		.map((line) => line.trimEnd())
		.join('\n');
}

/** A frame as a person reads it: no ANSI, no trailing blanks, no trailing empty lines. */
export function plain(frame: string | undefined): string {
	return plainRows(frame).trimEnd();
}

/** What the tests need of an ink-testing-library render. */
export interface View {
	readonly lastFrame: () => string | undefined;
	readonly stdin: { write: (data: string) => void };
}

/** Lets React run the effects of the last commit (useInput subscribes in an effect). */
export async function settle(): Promise<void> {
	for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Polls the last frame until `test` accepts it (a string: the frame contains it), or fails
 * after `timeoutMs` showing the frame it saw. Then lets effects settle, so keys can be sent.
 */
export async function waitFor(
	view: View,
	test: string | ((frame: string) => boolean),
	timeoutMs = 3000,
): Promise<string> {
	const accept = typeof test === 'string' ? (frame: string) => frame.includes(test) : test;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = plain(view.lastFrame());
		if (accept(frame)) {
			await settle();
			return plain(view.lastFrame());
		}
		if (Date.now() > deadline) {
			throw new Error(
				`no frame matched ${String(test)} within ${timeoutMs} ms; last frame:\n${frame}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** Sends `keys`, then waits for a frame `test` accepts. */
export async function press(
	view: View,
	keys: string,
	test: string | ((frame: string) => boolean),
): Promise<string> {
	view.stdin.write(keys);
	return waitFor(view, test);
}

/** Sends `key` `times` times, one key per write (as a terminal does), each after a new frame. */
export async function pressTimes(view: View, key: string, times: number): Promise<string> {
	let frame = plain(view.lastFrame());
	for (let i = 0; i < times; i++) {
		const before = frame;
		frame = await press(view, key, (f) => f !== before);
	}
	return frame;
}
