import { shellQuote } from './quote.js';

/**
 * What every host script shares: the preamble it starts with and the shape of what it prints,
 * one record a line, its fields separated by tabs (`$t`), the first field naming the record.
 */

/** The POSIX shell preamble of every host script: unset variables are errors, the C locale, a tab in `$t`. */
export const SCRIPT_HEAD: readonly string[] = ['set -u', 'export LC_ALL=C', `t=$(printf '\\t')`];

/** A host script (for `sh -s`): the preamble, then `lines`, each ended by a newline. */
export function hostScript(lines: readonly string[]): string {
	return [...SCRIPT_HEAD, ...lines, ''].join('\n');
}

/**
 * Lines that set `$d` to `path`, or to its nearest existing parent when it does not exist yet
 * (the data dir before the first run): where free space is measured and the disk is probed.
 */
export function nearestDir(path: string): string[] {
	return [`d=${shellQuote(path)}`, 'while [ ! -d "$d" ]; do d=$(dirname "$d"); done'];
}

/** The lines of a host script's output, each split at tabs, blank lines left out. */
export function tabLines(output: string): string[][] {
	return output
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => line.split('\t'));
}
