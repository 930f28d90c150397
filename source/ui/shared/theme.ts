import type { LogLine, NodeStatus } from '../../events/progress-state.js';

/** The colours the views use, by Ink's colour names. */
export type ThemeColor = 'green' | 'red' | 'yellow';

/** Braille spinner frames; the frame shown is picked from the clock, so tests are deterministic. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** How long each spinner frame shows. */
export const SPINNER_INTERVAL_MS = 80;

/** Status marks of a node row. */
export const SYMBOLS = { done: '✔', failed: '✘', waiting: '·' } as const;

const STATUS_COLORS: Readonly<Record<NodeStatus, ThemeColor | undefined>> = {
	waiting: undefined,
	running: 'yellow',
	done: 'green',
	failed: 'red',
};

const LOG_COLORS: Readonly<Record<LogLine['level'], ThemeColor | undefined>> = {
	info: undefined,
	warn: 'yellow',
	error: 'red',
};

/** The spinner frame to show at `now` (ms). */
export function spinnerFrame(now: number): string {
	const index = Math.floor(Math.max(0, now) / SPINNER_INTERVAL_MS) % SPINNER_FRAMES.length;
	return SPINNER_FRAMES[index] ?? SPINNER_FRAMES[0];
}

/** The mark of a node row: a spinner frame while running, else the status symbol. */
export function statusSymbol(status: NodeStatus, now: number): string {
	return status === 'running' ? spinnerFrame(now) : SYMBOLS[status];
}

/** The colour of a node status, or none when colour is off. */
export function statusColor(status: NodeStatus, color: boolean): ThemeColor | undefined {
	return color ? STATUS_COLORS[status] : undefined;
}

/** The colour of a log level, or none when colour is off. */
export function logColor(level: LogLine['level'], color: boolean): ThemeColor | undefined {
	return color ? LOG_COLORS[level] : undefined;
}

/**
 * Whether the views may ask for colour. Ink colours through chalk 5, which honours FORCE_COLOR
 * (and no colour without a TTY) but ignores NO_COLOR, so NO_COLOR (https://no-color.org: set and
 * not empty) is honoured here. FORCE_COLOR wins over NO_COLOR, as in Node itself.
 */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.FORCE_COLOR !== undefined) return true;
	return !env.NO_COLOR;
}
