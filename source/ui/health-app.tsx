import { render, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { HealthSnapshot } from '../diagnose/types.js';
import { healthExitCode } from '../health/check-cluster.js';
import { healthViewReducer, initialHealthView } from './health-state.js';
import { HealthView } from './health-view.js';
import { colorEnabled } from './theme.js';

export interface HealthAppProps {
	/** One health pass with its diagnosis. */
	readonly poll: () => Promise<HealthSnapshot>;
	/** Refresh on its own every `intervalMs`; `r` refreshes always. */
	readonly watch: boolean;
	readonly intervalMs: number;
	/** Called with the last snapshot when the user quits. */
	readonly onQuit: (last: HealthSnapshot | null) => void;
	readonly color?: boolean;
}

/** The live health view: owns the polling (one pass at a time) and maps keys to actions. */
export function HealthApp({
	poll,
	watch,
	intervalMs,
	onQuit,
	color = colorEnabled(),
}: HealthAppProps) {
	const [state, dispatch] = useReducer(healthViewReducer, initialHealthView);
	const { exit } = useApp();
	const { stdout } = useStdout();
	const busy = useRef(false);
	const last = useRef<HealthSnapshot | null>(null);
	const refresh = useCallback(() => {
		if (busy.current) return;
		busy.current = true;
		dispatch({ type: 'refresh-started' });
		poll()
			.then(
				(snapshot) => {
					last.current = snapshot;
					dispatch({ type: 'refreshed', snapshot });
				},
				(error: unknown) =>
					dispatch({
						type: 'refresh-failed',
						message: `health pass failed: ${error instanceof Error ? error.message : String(error)}; r to retry`,
					}),
			)
			.finally(() => {
				busy.current = false;
			});
	}, [poll]);
	useEffect(() => {
		refresh();
		if (!watch) return;
		const timer = setInterval(refresh, intervalMs);
		return () => clearInterval(timer);
	}, [refresh, watch, intervalMs]);
	useInput((input, key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) {
			onQuit(last.current);
			exit();
		} else if (input === 'r') refresh();
		else if (key.upArrow) dispatch({ type: 'up' });
		else if (key.downArrow) dispatch({ type: 'down' });
		else if (key.return) dispatch({ type: 'open' });
		else if (key.escape) dispatch({ type: 'close' });
	});
	return (
		<HealthView
			state={state}
			width={stdout.columns || 80}
			height={stdout.rows || 24}
			color={color}
			watch={watch}
		/>
	);
}

export interface HealthViewOptions {
	readonly poll: () => Promise<HealthSnapshot>;
	readonly watch: boolean;
	readonly intervalMs: number;
	readonly signal: AbortSignal;
}

/** Runs the view until q (or the signal); resolves to health's exit code of the last pass. */
export async function runHealthView(options: HealthViewOptions): Promise<number> {
	let last: HealthSnapshot | null = null;
	const app = render(
		<HealthApp
			poll={options.poll}
			watch={options.watch}
			intervalMs={options.intervalMs}
			onQuit={(snapshot) => {
				last = snapshot;
			}}
		/>,
		{ exitOnCtrlC: false },
	);
	const onAbort = () => app.unmount();
	options.signal.addEventListener('abort', onAbort, { once: true });
	try {
		await app.waitUntilExit();
	} finally {
		options.signal.removeEventListener('abort', onAbort);
	}
	const final = last as HealthSnapshot | null;
	return final ? healthExitCode(final.health) : 2;
}
