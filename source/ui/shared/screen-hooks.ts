import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { colorEnabled } from './theme.js';
import type { UiSettings } from './ui-context.js';

/** How often the live panes redraw their spinner and elapsed times. */
const TICK_MS = 100;

/** The clock, ticking while `active`: what the spinners and elapsed times are drawn for. */
export function useNow(active: boolean, clock: () => number): number {
	const [now, setNow] = useState(clock);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(clock()), TICK_MS);
		return () => clearInterval(timer);
	}, [active, clock]);
	return now;
}

/** Calls `onExit` with the state's exit once the reducer has set one. */
export function useExit<T>(exit: T | undefined, onExit: (exit: T) => void): void {
	useEffect(() => {
		if (exit !== undefined) onExit(exit);
	}, [exit, onExit]);
}

/** The terminal's size, followed on resize so every view redraws to fit. */
export function useTerminalSize(): { columns: number; rows: number } {
	const { stdout } = useStdout();
	const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
	const [size, setSize] = useState(read);
	// biome-ignore lint/correctness/useExhaustiveDependencies: read only reads stdout
	useEffect(() => {
		let columns = stdout.columns;
		const onResize = () => {
			// A narrower terminal re-wraps the old frame into more lines than Ink erases; start clean.
			if (stdout.isTTY && stdout.columns < columns) stdout.write('\u001B[2J\u001B[H');
			columns = stdout.columns;
			setSize(read());
		};
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

/** What an app's views are drawn for: the size asked for (tests), else the terminal's. */
export function screenUi(
	asked: { readonly width?: number; readonly height?: number; readonly color?: boolean },
	terminal: { readonly columns: number; readonly rows: number },
	clock: () => number,
): UiSettings {
	return {
		width: asked.width ?? Math.max(40, terminal.columns),
		height: asked.height ?? Math.max(16, terminal.rows),
		color: asked.color ?? colorEnabled(),
		clock,
	};
}
