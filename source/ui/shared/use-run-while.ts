import { setMaxListeners } from 'node:events';
import { useEffect } from 'react';

/**
 * Starts `work` while `key` is defined; aborts it when the key changes, then calls `ended` (a
 * host key question left open is answered no). Every screen's effects run through it, so each
 * run owns one AbortController, aborted when its state ends or the screen unmounts.
 */
export function useRunWhile(
	key: string | undefined,
	work: (signal: AbortSignal) => Promise<void>,
	ended?: () => void,
): void {
	// biome-ignore lint/correctness/useExhaustiveDependencies: the key is what identifies a run
	useEffect(() => {
		if (key === undefined) return;
		const controller = new AbortController();
		// Every host's commands and uploads listen on this one signal at once (hosts x channels);
		// Node's warning past 10 would be written over the screen.
		setMaxListeners(200, controller.signal);
		void work(controller.signal);
		return () => {
			controller.abort();
			ended?.();
		};
	}, [key]);
}
