import type { ReactNode } from 'react';
import type { HostKeyQuestion } from '../../state/shared/types.js';
import { UnderHostKeyQuestion } from './host-key-prompt.js';
import { screenUi, useExit, useNow, useTerminalSize } from './screen-hooks.js';
import { UiContext } from './ui-context.js';
import type { AnswerHostKey } from './use-host-reach.js';

/** What tests fix of a screen; otherwise the clock, the terminal and NO_COLOR decide. */
export interface ScreenOptions {
	/** The clock of spinners, elapsed times and event stamps; Date.now by default. */
	readonly clock?: () => number;
	/** Size to fit; the terminal's (redrawn on resize) by default. */
	readonly width?: number;
	readonly height?: number;
	readonly color?: boolean;
}

export interface AppShellProps<T> {
	readonly options: ScreenOptions;
	/** The screen's state: the host key question open, and the exit once there is one. */
	readonly state: { readonly question?: HostKeyQuestion; readonly exit?: T };
	/** A run is under way: the clock ticks for its spinners and elapsed times. */
	readonly live: boolean;
	readonly onAnswer: AnswerHostKey;
	/** Called with the state's exit once it is set. */
	readonly onExit: (exit: T) => void;
	/** The screen, drawn for the time `now`. */
	readonly children: (now: number) => ReactNode;
}

/**
 * What the wizard and the re-key screen share around their screens: the size to fit (the
 * terminal's, followed on resize), colour and the clock for every view, the host key question
 * over the screen while one is asked, and the exit once the state has one.
 */
export function AppShell<T>(props: AppShellProps<T>) {
	const { options, state, children } = props;
	const clock = options.clock ?? Date.now;
	const size = useTerminalSize();
	const now = useNow(props.live, clock);
	useExit(state.exit, props.onExit);
	return (
		<UiContext.Provider value={screenUi(options, size, clock)}>
			<UnderHostKeyQuestion question={state.question} onAnswer={props.onAnswer}>
				{children(now)}
			</UnderHostKeyQuestion>
		</UiContext.Provider>
	);
}
