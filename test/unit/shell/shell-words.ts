/**
 * A small lexer of POSIX shell text for tests: for each character a script means literally, how
 * it is quoted. Single quotes and a backslash outside double quotes make a character literal;
 * inside double quotes `$(...)` and backticks still run, so there a value is not safe. Command
 * substitutions nest (`"$(cmd 'x')"`); comments are their own context. No here-documents: no
 * host script uses one.
 */

/** How a character of the script is read by the shell. */
export type QuoteContext = 'single' | 'escaped' | 'double' | 'bare' | 'comment';

export interface Literal {
	readonly char: string;
	readonly context: QuoteContext;
}

/** The characters of `script` with the quoting each is read in; quote marks themselves left out. */
export function shellLiterals(script: string): Literal[] {
	const out: Literal[] = [];
	let i = 0;
	const push = (char: string, context: QuoteContext) => out.push({ char, context });

	const wordStart = (at: number) => at === 0 || /[\s;&|()]/.test(script[at - 1] ?? '');

	/** Until `end` (`)` of a substitution, a closing backtick) or the end of the text. */
	function bare(end: ')' | '`' | undefined): void {
		let depth = 0;
		while (i < script.length) {
			const c = script[i] as string;
			if (end === '`' && c === '`') {
				i++;
				return;
			}
			if (c === "'") {
				const close = script.indexOf("'", i + 1);
				const stop = close < 0 ? script.length : close;
				for (let k = i + 1; k < stop; k++) push(script[k] as string, 'single');
				i = stop + 1;
			} else if (c === '"') {
				i++;
				double();
			} else if (c === '\\') {
				if (script[i + 1] !== '\n' && i + 1 < script.length)
					push(script[i + 1] as string, 'escaped');
				i += 2;
			} else if (c === '$' && script[i + 1] === '(') {
				i += 2;
				bare(')');
			} else if (c === '`') {
				i++;
				bare('`');
			} else if (c === '#' && wordStart(i)) {
				while (i < script.length && script[i] !== '\n') push(script[i++] as string, 'comment');
			} else if (c === '(' && end === ')') {
				depth++;
				push(c, 'bare');
				i++;
			} else if (c === ')' && end === ')') {
				i++;
				if (depth === 0) return;
				depth--;
				push(c, 'bare');
			} else {
				push(c, 'bare');
				i++;
			}
		}
	}

	function double(): void {
		while (i < script.length) {
			const c = script[i] as string;
			if (c === '"') {
				i++;
				return;
			}
			if (c === '\\' && '$`"\\\n'.includes(script[i + 1] ?? '')) {
				if (script[i + 1] !== '\n') push(script[i + 1] as string, 'escaped');
				i += 2;
			} else if (c === '$' && script[i + 1] === '(') {
				i += 2;
				bare(')');
			} else if (c === '`') {
				i++;
				bare('`');
			} else {
				push(c, 'double');
				i++;
			}
		}
	}

	bare(undefined);
	return out;
}

/**
 * Where `needle` occurs in what the script means, each occurrence with the contexts of its
 * characters that are not safely quoted (single-quoted or backslash-escaped outside double
 * quotes); an empty list for an occurrence means it is one quoted word's text.
 */
export function unquotedOccurrences(script: string, needle: string): QuoteContext[][] {
	const literals = shellLiterals(script);
	const text = literals.map((l) => l.char).join('');
	const found: QuoteContext[][] = [];
	for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
		const contexts = literals
			.slice(at, at + needle.length)
			.map((l) => l.context)
			.filter((c) => c !== 'single' && c !== 'escaped');
		found.push([...new Set(contexts)]);
	}
	return found;
}
