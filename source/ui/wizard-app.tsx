import { Box, useInput, useStdout } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { Effects } from '../wizard/effects.js';
import { wizardReducer } from '../wizard/reducer.js';
import type { WizardState } from '../wizard/types.js';
import { HostKeyPrompt } from './host-key-prompt.js';
import { StepView } from './step-view.js';
import { colorEnabled } from './theme.js';
import { UiContext } from './ui-context.js';
import { useWizardEffects } from './use-wizard-effects.js';

export interface WizardAppProps {
	readonly initial: WizardState;
	readonly effects: Effects;
	/** Called once, with the exit code, when the wizard ends. */
	readonly onExit: (code: number) => void;
	/** The clock of spinners, elapsed times and event stamps; Date.now by default. */
	readonly clock?: () => number;
	/** Size to fit; the terminal's (redrawn on resize) by default. */
	readonly width?: number;
	readonly height?: number;
	readonly color?: boolean;
}

/** How often the live panes redraw their spinner and elapsed times. */
const TICK_MS = 100;

/** The clock, ticking while `active`: what the spinners and elapsed times are drawn for. */
function useNow(active: boolean, clock: () => number): number {
	const [now, setNow] = useState(clock);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(clock()), TICK_MS);
		return () => clearInterval(timer);
	}, [active, clock]);
	return now;
}

/** The terminal's size, followed on resize so every view redraws to fit. */
function useTerminalSize(): { columns: number; rows: number } {
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

/**
 * The wizard: holds the state (useReducer over the pure wizardReducer), runs the effects each
 * state asks for, and shows the current step, with a host key question over it when one is
 * asked. Ctrl-C asks before stopping a provisioning run and quits anywhere else.
 */
export function WizardApp(props: WizardAppProps) {
	const { effects, onExit } = props;
	const clock = props.clock ?? Date.now;
	const [state, dispatch] = useReducer(wizardReducer, props.initial);
	const answerHostKey = useWizardEffects(state, dispatch, effects, clock);
	const size = useTerminalSize();
	const running =
		state.connect.status === 'running' ||
		state.preflight.status === 'running' ||
		state.provision.status === 'running' ||
		state.provision.status === 'stopping';
	const now = useNow(running, clock);
	const latest = useRef(state);
	latest.current = state;
	useInput((input, key) => {
		if (key.ctrl && input === 'c') dispatch({ type: 'interrupt' });
		// Here rather than in the done view: this handler always listens, while a view's own starts
		// listening only after its first frame shows, so a key typed at once would be lost.
		else if (latest.current.step === 'done' && (key.return || input === 'q')) {
			dispatch({ type: 'quit' });
		}
	});
	// Keys typed before raw mode is on are mangled by the terminal's line discipline: the first
	// screen shows only after useInput's effect (declared above, so run first) has switched it on.
	const [ready, setReady] = useState(false);
	useEffect(() => setReady(true), []);
	useEffect(() => {
		if (state.exit !== undefined) onExit(state.exit);
	}, [state.exit, onExit]);
	const ui = {
		width: props.width ?? Math.max(40, size.columns),
		height: props.height ?? Math.max(16, size.rows),
		color: props.color ?? colorEnabled(),
		clock,
	};
	return (
		<UiContext.Provider value={ui}>
			<Box flexDirection="column">
				{state.question ? (
					<HostKeyPrompt question={state.question} onAnswer={answerHostKey} />
				) : null}
				{ready ? <StepView state={state} dispatch={dispatch} now={now} /> : null}
			</Box>
		</UiContext.Provider>
	);
}
