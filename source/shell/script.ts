/** The lines of a probe script's output, each split at tabs, empty lines left out. */
export function tabLines(output: string): string[][] {
	return output
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => line.split('\t'));
}

/** The POSIX shell preamble of every probe script: C locale and a tab in `$t`. */
export const SCRIPT_HEAD = ['set -u', 'export LC_ALL=C', `t=$(printf '\\t')`];
