import type { Failure } from './types.js';
import { countOf } from './words.js';

interface ProblemLike {
	readonly host?: string;
	readonly message: string;
	readonly hint?: string;
}

const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * An effect's error in words for the operator. Reads the optional `hint`, `problems` and
 * `stderrTail` the engine's errors carry, without importing them (the wizard stays pure).
 */
export function failureOf(error: unknown): Failure {
	const err = error instanceof Error ? error : new Error(String(error));
	if (err.name === 'AbortError') {
		return {
			message: 'stopped: every host was left after a finished step',
			hint: 'run again to finish (finished steps are not repeated), or quit',
			details: [],
			aborted: true,
		};
	}
	const fields = err as Error & { hint?: unknown; problems?: unknown; stderrTail?: unknown };
	const problems = Array.isArray(fields.problems) ? (fields.problems as ProblemLike[]) : [];
	const [first = '', ...more] = err.message.split('\n');
	const details = [
		...(problems.length > 0 ? [] : more),
		...problems.map(
			(p) => `${p.host ? `${p.host}: ` : ''}${p.message}${p.hint ? ` (next: ${p.hint})` : ''}`,
		),
		...strings(fields.stderrTail),
	];
	const message =
		problems.length > 0
			? `nothing was changed: ${countOf(problems.length, 'problem')} found before any host was touched`
			: first;
	const hint = typeof fields.hint === 'string' && fields.hint !== '' ? fields.hint : undefined;
	return { message, ...(hint ? { hint } : {}), details, aborted: false };
}
