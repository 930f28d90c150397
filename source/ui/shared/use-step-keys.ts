import { type Key, useInput } from 'ink';

/** What a view does on the keys the wizard shares; a missing handler ignores its key. */
export interface StepKeys {
	readonly back?: () => void;
	readonly enter?: () => void;
	readonly next?: () => void;
	readonly prev?: () => void;
	/** Any other key, e.g. `x` to remove a host. */
	readonly other?: (input: string, key: Key) => void;
}

/**
 * Maps keys to a view's handlers: Esc back, Enter, Tab/Shift-Tab and (unless a list has them)
 * Up/Down between fields. Inactive while another view (a question) owns the keyboard.
 */
export function useStepKeys(keys: StepKeys, options: { isActive: boolean; arrows: boolean }) {
	useInput(
		(input, key) => {
			if (key.escape) keys.back?.();
			else if (key.return) keys.enter?.();
			else if (key.tab) (key.shift ? keys.prev : keys.next)?.();
			else if (options.arrows && key.upArrow) keys.prev?.();
			else if (options.arrows && key.downArrow) keys.next?.();
			else keys.other?.(input, key);
		},
		{ isActive: options.isActive },
	);
}
