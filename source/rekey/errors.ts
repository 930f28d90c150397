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
