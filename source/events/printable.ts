import { stripVTControlCharacters } from 'node:util';

// C0 and C1 controls left after escape sequences are gone; \n is split on before this runs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Splits text from a host or an error into lines safe to print: escape sequences and control
 * characters are removed (a remote stderr must not drive the operator's terminal), tabs become
 * spaces, and a line redrawn with `\r` keeps what a terminal would show last.
 */
export function printableLines(text: string): string[] {
	return stripVTControlCharacters(text)
		.split(/\r?\n/)
		.map((line) => {
			const redrawn = line
				.split('\r')
				.map((part) => part.replaceAll('\t', '  ').replace(CONTROL, ''))
				.filter((part) => part !== '');
			return redrawn.at(-1) ?? '';
		});
}

/** `printableLines` joined with spaces, for fields shown on one line such as titles. */
export function printableLine(text: string): string {
	return printableLines(text)
		.filter((line) => line.trim() !== '')
		.join(' ');
}
