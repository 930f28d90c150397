/** The most characters of a value from the file that a diagnostic echoes back. */
export const MAX_SHOWN = 80;

/**
 * `value` as a message may echo it: its first `max` (MAX_SHOWN) characters and '…' when it is longer
 * (a 2 MB name must not come back whole), without splitting a surrogate pair.
 */
export function capped(value: string, max = MAX_SHOWN): string {
	if (value.length <= max) return value;
	const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
	return `${value.slice(0, end)}…`;
}

/**
 * `value` capped and in double quotes, with control characters (a newline, an escape sequence)
 * written as JSON escapes so that a diagnostic stays one line and prints nothing raw.
 */
export function quoted(value: string): string {
	return JSON.stringify(capped(value));
}
