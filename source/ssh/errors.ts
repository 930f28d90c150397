/** Something went wrong talking to one host; `message` says what and where, `hint` what to do. */
export class SshError extends Error {
	override readonly name: string = 'SshError';
	readonly host: string;
	readonly hint: string;

	constructor(host: string, message: string, hint: string, options?: { cause?: unknown }) {
		super(message, options);
		this.host = host;
		this.hint = hint;
	}
}

/** A command ran on a host and exited non-zero. */
export class CommandError extends SshError {
	override readonly name: string = 'CommandError';
	readonly command: string;
	readonly code: number;
	/** The last lines the command wrote to stderr (never more than {@link STDERR_TAIL_LINES}). */
	readonly stderrTail: readonly string[];

	/** `what` names the work in the message: 'command', `writing /etc/etcd/x`, ... */
	constructor(host: string, command: string, code: number, stderr: string, what = 'command') {
		const tail = stderrTail(stderr);
		const last = tail.at(-1);
		super(
			host,
			`${what} on ${host} failed with exit code ${code}${last ? `: ${last}` : ''}`,
			`look at the command's error output above; the command was: ${summarize(command)}`,
		);
		this.command = command;
		this.code = code;
		this.stderrTail = tail;
	}
}

/** Work was stopped through its AbortSignal; `name` is 'AbortError' as for fetch and timers. */
export class AbortError extends Error {
	override readonly name = 'AbortError';
}

/** How many stderr lines a {@link CommandError} keeps. */
const STDERR_TAIL_LINES = 20;

/** The last non-empty lines of `text`. */
export function stderrTail(text: string, lines = STDERR_TAIL_LINES): string[] {
	return text
		.split('\n')
		.map((line) => line.trimEnd())
		.filter((line) => line !== '')
		.slice(-lines);
}

/** A command shortened for messages: first line, at most 120 characters. */
function summarize(command: string): string {
	const first = command.split('\n', 1)[0] ?? '';
	const short = first.length > 120 ? `${first.slice(0, 117)}...` : first;
	return short === command ? short : `${short} ...`;
}
