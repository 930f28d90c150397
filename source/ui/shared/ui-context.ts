import { createContext, useContext } from 'react';
import { colorEnabled, type ThemeColor } from './theme.js';

/** What every view needs besides the state: the terminal's size, colour, and the clock. */
export interface UiSettings {
	readonly width: number;
	readonly height: number;
	readonly color: boolean;
	readonly clock: () => number;
}

/** 80x24, the size every view is made to fit. */
export const UiContext = createContext<UiSettings>({
	width: 80,
	height: 24,
	color: colorEnabled(),
	clock: Date.now,
});

/** The settings of the nearest UiContext. */
export const useUi = (): UiSettings => useContext(UiContext);

/** A colour, or none when colour is off (NO_COLOR). */
export function useTint(): (color: ThemeColor | 'cyan' | 'gray') => string | undefined {
	const { color } = useUi();
	return (name) => (color ? name : undefined);
}
