/** Something that stops a run before it changes a host: what is wrong, where, and what to do. */
export interface Problem {
	readonly host?: string;
	readonly message: string;
	readonly hint: string;
}

/** The run found something that stops it; nothing on any host was changed. */
export class RefusedError extends Error {
	override readonly name = 'RefusedError';
	readonly problems: readonly Problem[];

	constructor(problems: readonly Problem[]) {
		super(problems.map((p) => `${p.message}\n  next: ${p.hint}`).join('\n'));
		this.problems = problems;
	}
}
