import { render, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { HealthSnapshot } from '../../health/diagnosis/types.js';
import { healthExitCode } from '../../health/exit-code.js';
import {
	type HealthViewState,
	healthViewReducer,
	initialHealthView,
	unlockingHealthView,
} from '../../state/health/reducer.js';
import { failureOf } from '../../state/shared/failure.js';
import { unlockedPassphrase } from '../../state/shared/key-unlock.js';
import { colorEnabled } from '../shared/theme.js';
import { type CheckKey, useKeyCheck } from '../shared/use-key-check.js';
import { useRunWhile } from '../shared/use-run-while.js';
import { HealthView } from './health-view.js';
import { HealthReachView } from './reach.js';

/** How the view reaches the hosts when it connects itself (after asking the key's passphrase). */
export interface HealthReach {
	readonly checkKey: CheckKey;
	/** Connects to every host; the passes then go through these connections. */
	readonly connect: (passphrase: string | undefined, signal: AbortSignal) => Promise<void>;
	/** What the key opens, ending the question: "check the health of cluster lab (3 hosts)". */
	readonly purpose: string;
}

export interface HealthAppProps {
	/** One health pass with its diagnosis. */
	readonly poll: () => Promise<HealthSnapshot>;
	/** Connect first (the key checked, its passphrase asked); without it, connected already. */
	readonly reach?: HealthReach;
	/** Refresh on its own every `intervalMs`; `r` refreshes always. */
	readonly watch: boolean;
	readonly intervalMs: number;
	/** Called with the last snapshot when the user quits. */
	readonly onQuit: (last: HealthSnapshot | null) => void;
	readonly color?: boolean;
}

const KEY_OPEN: CheckKey = async () => ({ status: 'ok' });

/**
 * The live health view: connects when given `reach` (the key's passphrase asked first when it
 * is encrypted), owns the polling (one pass at a time) and maps keys to actions.
 */
export function HealthApp({
	poll,
	reach,
	watch,
	intervalMs,
	onQuit,
	color = colorEnabled(),
}: HealthAppProps) {
	const [state, dispatch] = useReducer(
		healthViewReducer,
		reach ? unlockingHealthView : initialHealthView,
	);
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
	useKeyCheck(state.key, reach?.checkKey ?? KEY_OPEN, dispatch);
	useConnect(state, reach, dispatch);
	const connected = state.reach === 'connected';
	useEffect(() => {
		if (!connected) return;
		refresh();
		if (!watch) return;
		const timer = setInterval(refresh, intervalMs);
		return () => clearInterval(timer);
	}, [refresh, watch, intervalMs, connected]);
	const quit = () => {
		onQuit(last.current);
		exit();
	};
	useInput((input, key) => {
		if (key.ctrl && input === 'c') quit();
		else if (state.reach === 'key' && state.key.status === 'asking') {
			// The passphrase field takes the other keys: `q` and `r` are letters of a passphrase.
			if (key.escape) quit();
		} else if (input === 'q') quit();
		else if (!connected) {
			if (input === 'r') dispatch({ type: 'reconnect' });
		} else if (input === 'r') refresh();
		else if (key.upArrow) dispatch({ type: 'up' });
		else if (key.downArrow) dispatch({ type: 'down' });
		else if (key.return) dispatch({ type: 'open' });
		else if (key.escape) dispatch({ type: 'close' });
	});
	const size = { width: stdout.columns || 80, height: stdout.rows || 24, color };
	if (!connected) {
		return (
			<HealthReachView state={state} purpose={reach?.purpose ?? ''} dispatch={dispatch} {...size} />
		);
	}
	return <HealthView state={state} watch={watch} {...size} />;
}

/** Connects once the key opens (and again on `r` after a failure), with its passphrase. */
function useConnect(
	state: HealthViewState,
	reach: HealthReach | undefined,
	dispatch: (action: Parameters<typeof healthViewReducer>[1]) => void,
): void {
	const attempt = state.connectAttempt;
	const passphrase = unlockedPassphrase(state.key);
	useRunWhile(
		reach && state.reach === 'connecting' ? `connect-${attempt}` : undefined,
		async (signal) => {
			try {
				await reach?.connect(passphrase, signal);
				dispatch({ type: 'connected', attempt });
			} catch (error) {
				if (!signal.aborted)
					dispatch({ type: 'connect-failed', attempt, failure: failureOf(error) });
			}
		},
	);
}

export interface HealthViewOptions {
	readonly poll: () => Promise<HealthSnapshot>;
	readonly reach?: HealthReach;
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
			{...(options.reach ? { reach: options.reach } : {})}
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
