/**
 * A rekey run stopped part way: the message says what failed, what was put back and where the
 * cluster stands; `hint` says what to do next. Backups stay on the hosts.
 */
export class RekeyStoppedError extends Error {
	override readonly name = 'RekeyStoppedError';
	readonly hint: string;

	constructor(message: string, hint: string, options?: { cause?: unknown }) {
		super(message, options);
		this.hint = hint;
	}
}

/**
 * A rekey run stopped by Ctrl-C (or its AbortSignal) once the member being changed was finished
 * or put back. Named `AbortError` so the CLI exits 130; the message says where every member and
 * the local PKI stand, `next` what to run. (No `hint`: the CLI maps errors with one to exit 1.)
 */
export class RekeyAbortedError extends Error {
	override readonly name = 'AbortError';
	readonly next: string;

	constructor(message: string, next: string) {
		super(message);
		this.next = next;
	}
}
