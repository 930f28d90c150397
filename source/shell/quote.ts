import { PID_MARKER } from './pid-marker.js';

/**
 * Quotes a string for a POSIX shell: the result is one word whose value is exactly `value`.
 * Single quotes keep everything literal; an embedded quote closes, escapes and reopens.
 */
export function shellQuote(value: string): string {
	if (value !== '' && /^[\w@%+=:,./-]+$/.test(value)) return value;
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** How a command is to run on a host. */
export interface WrapOptions {
	/** Run with root privileges (through `sudo -n` when the login user is not root). */
	readonly sudo: boolean;
	/** The login user is root: sudo is never needed. */
	readonly isRoot: boolean;
}

/**
 * The script every command runs in. It announces its PID (see pid-marker.ts) so that an abort
 * can send it TERM. A shell waiting for a foreground child runs its trap only after the child
 * exits; so the command runs in the background (stdin passed on through fd 3) and the shell
 * waits, which a trapped TERM interrupts to kill the whole process group of the session.
 */
function script(command: string): string {
	return [
		'LC_ALL=C; export LC_ALL',
		"trap 'trap - TERM; kill -TERM 0' TERM",
		`printf '${PID_MARKER}%s\\n' "$$" >&2`,
		'exec 3<&0',
		'{',
		command,
		'} <&3 3<&- &',
		'wait $!',
	].join('\n');
}

/**
 * The command line sent over SSH: `command` runs under `sh -c` (whatever the login shell is)
 * with `LC_ALL=C`, so that messages we parse (sudo's, coreutils') are never translated, and
 * ends with all its processes when the channel is sent TERM. `env` sets the locale for sudo's
 * own messages; the script sets it again because sudo may reset the environment.
 */
export function wrapCommand(command: string, options: WrapOptions): string {
	const shell = `sh -c ${shellQuote(script(command))}`;
	return options.sudo && !options.isRoot
		? `env LC_ALL=C sudo -n ${shell}`
		: `env LC_ALL=C ${shell}`;
}
