import { useRef } from 'react';
import { stampEvents } from '../../events/emitters.js';
import type { RunEventAction } from '../../state/shared/runs.js';
import type { HostsReach } from '../../state/shared/types.js';

/** Answers the host key question on screen. */
export type AnswerHostKey = (accept: boolean) => void;

export interface HostReach<N extends string> {
	/** The reach of `run`, aborted by `signal`. */
	readonly reach: (run: N, signal: AbortSignal) => HostsReach;
	/** Answers a question left open no: its run ended (Esc, a stop, a retry). */
	readonly release: () => void;
	/** The operator's answer to the question on screen. */
	readonly answer: AnswerHostKey;
}

/**
 * The wizard's and the re-key screen's way to reach hosts: events are stamped on `clock` and
 * dispatched to their run, and one host key question at a time waits for the operator.
 */
export function useHostReach<N extends string>(
	dispatch: (action: RunEventAction<N>) => void,
	clock: () => number,
): HostReach<N> {
	const pending = useRef<AnswerHostKey | undefined>(undefined);
	const settle = (accept: boolean) => {
		pending.current?.(accept);
		pending.current = undefined;
	};
	return {
		reach: (run, signal) => ({
			signal,
			emit: stampEvents((event) => dispatch({ type: 'run-event', run, event }), clock),
			onUnknownHostKey: (question) =>
				new Promise<boolean>((resolve) => {
					pending.current = resolve;
					dispatch({ type: 'host-key-asked', question });
				}),
		}),
		release: () => settle(false),
		answer: (accept) => {
			settle(accept);
			dispatch({ type: 'host-key-answered' });
		},
	};
}
