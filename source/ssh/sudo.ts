import { SshError } from './errors.js';

/**
 * Recognises sudo refusing to run a command (LC_ALL=C keeps its messages in English) and says
 * how to fix it; undefined when the failure is the command's own.
 */
export function sudoFailure(
	host: string,
	user: string,
	code: number,
	stderr: string,
): SshError | undefined {
	if (code === 0) return undefined;
	const grant = `add \`${user} ALL=(ALL) NOPASSWD: ALL\` in /etc/sudoers.d/${user} on ${host} (visudo -f), or log in as root`;
	if (/sudo: (a password is required|a terminal is required|no tty present)/.test(stderr)) {
		return new SshError(host, `sudo on ${host} asks ${user} for a password`, grant);
	}
	if (
		/is not in the sudoers file|is not allowed to (run|execute) sudo|may not run sudo/.test(stderr)
	) {
		return new SshError(host, `${user} may not use sudo on ${host}`, grant);
	}
	if (code === 127 && /\bsudo\b.*(not found|No such file)/.test(stderr)) {
		return new SshError(
			host,
			`sudo is not installed on ${host}`,
			`install sudo on ${host} (apt-get install sudo) or set ssh.user to root`,
		);
	}
	return undefined;
}
