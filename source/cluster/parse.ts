import {
	Composer,
	type CST,
	type Document,
	LineCounter,
	Parser,
	type YAMLError,
	YAMLParseError,
} from 'yaml';
import { applyDefaults } from './defaults.js';
import type { Diagnostic } from './diagnostics.js';
import { normalizeDirectory } from './directories.js';
import { extractCluster } from './extract.js';
import { Positions } from './positions.js';
import { Reporter } from './reporter.js';
import { capped, MAX_SHOWN } from './shown.js';
import type { ClusterSpec } from './types.js';
import { validateSpec } from './validate.js';

/** A parsed cluster file: the spec with defaults, or undefined when any error was found. */
export interface ParsedCluster {
	readonly spec: ClusterSpec | undefined;
	/** Every error and warning, in file order. */
	readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses and validates cluster file text. Collects every problem rather than stopping at the
 * first; `fileName` only labels the diagnostics.
 */
export function parseClusterFile(text: string, fileName: string): ParsedCluster {
	const draft = draftCluster(text, fileName);
	return draft.kind === 'ended' ? draft.parsed : finishDraft(draft);
}

/**
 * A cluster file part way through parsing: either ended (it is not YAML, or too deep to read), or
 * a spec with defaults whose reporter holds the positions, for checks that come on top of the
 * file's own (the loader's checks of the local disk) before {@link finishDraft}.
 */
export type DraftCluster =
	| { readonly kind: 'ended'; readonly parsed: ParsedCluster }
	| {
			readonly kind: 'draft';
			readonly spec: ClusterSpec;
			readonly report: Reporter;
			readonly syntax: readonly Diagnostic[];
	  };

/** Parses and validates `text` into a draft; see {@link parseClusterFile}. */
export function draftCluster(text: string, fileName: string): DraftCluster {
	const lineCounter = new LineCounter();
	const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
	const tooDeep = deepestBeyond(tokens, MAX_DEPTH);
	if (tooDeep !== undefined) {
		const { line, col } = lineCounter.linePos(tooDeep);
		const message = `lists and maps are nested more than ${MAX_DEPTH} deep here; a cluster file needs 3 (hosts, each host, its keys)`;
		const diagnostic: Diagnostic = {
			severity: 'error',
			file: fileName,
			line,
			column: col,
			path: '',
			message,
		};
		return { kind: 'ended', parsed: { spec: undefined, diagnostics: [diagnostic] } };
	}
	const document = composeFirst(tokens, text);
	const syntax = [
		...document.errors.map((error) => yamlDiagnostic('error', error, fileName, lineCounter)),
		...document.warnings.map((warning) =>
			yamlDiagnostic('warning', warning, fileName, lineCounter),
		),
	];
	if (document.errors.length > 0) {
		return { kind: 'ended', parsed: { spec: undefined, diagnostics: syntax } };
	}
	const report = new Reporter(fileName, new Positions(lineCounter));
	const spec = applyDefaults(extractCluster(document, report));
	validateSpec(spec, report);
	return { kind: 'draft', spec, report, syntax };
}

/** The parsed cluster of a draft: every diagnostic in file order, the spec when none is an error. */
export function finishDraft({
	spec,
	report,
	syntax,
}: DraftCluster & { kind: 'draft' }): ParsedCluster {
	const diagnostics = [...syntax, ...report.diagnostics].sort(
		(a, b) => a.line - b.line || a.column - b.column,
	);
	const failed = diagnostics.some((d) => d.severity === 'error');
	return { spec: failed ? undefined : withNormalDirectories(spec), diagnostics };
}

/**
 * How deep lists and maps may nest. The cluster file needs 3 (hosts, each host, its keys); the
 * YAML composer recurses once per level, so a file of nested brackets would otherwise exhaust the
 * stack ("Maximum call stack size exceeded") instead of getting a diagnostic.
 */
export const MAX_DEPTH = 16;

/** A run of characters too long to be a word of the parser's own. */
const LONG_WORD = new RegExp(`\\S{${MAX_SHOWN + 1},}`, 'g');

/** The most characters of a YAML parser's message shown. */
const MAX_YAML_MESSAGE = 300;

/**
 * The offset of the first collection nested deeper than `limit` in the parsed tokens, or
 * undefined. Walks them with a stack of its own: the parser does not recurse, and neither may this.
 */
function deepestBeyond(tokens: readonly CST.Token[], limit: number): number | undefined {
	const stack: [CST.Token | null | undefined, number][] = tokens.map((t) => [t, 0]);
	let found: number | undefined;
	while (stack.length > 0) {
		const [token, depth] = stack.pop() as [CST.Token | null | undefined, number];
		if (!token) continue;
		if (token.type === 'document') {
			stack.push([token.value, depth]);
		} else if (
			token.type === 'block-map' ||
			token.type === 'block-seq' ||
			token.type === 'flow-collection'
		) {
			const inner = depth + 1;
			if (inner > limit) {
				found = found === undefined ? token.offset : Math.min(found, token.offset);
				continue;
			}
			for (const item of token.items) {
				if ('key' in item) stack.push([item.key, inner]);
				stack.push([item.value, inner]);
			}
		}
	}
	return found;
}

/** The first document of the tokens, as parseDocument makes it (a second one is an error). */
function composeFirst(tokens: readonly CST.Token[], text: string): Document.Parsed {
	let document: Document.Parsed | undefined;
	for (const next of new Composer({ prettyErrors: false }).compose(tokens, true, text.length)) {
		if (!document) {
			document = next;
		} else {
			document.errors.push(
				new YAMLParseError(
					next.range.slice(0, 2) as [number, number],
					'MULTIPLE_DOCS',
					'Source contains multiple documents',
				),
			);
			break;
		}
	}
	return document as Document.Parsed;
}

/** Validates a spec built in memory (e.g. by the wizard); diagnostics carry no position. */
export function validateCluster(spec: ClusterSpec, fileName = ''): Diagnostic[] {
	const report = new Reporter(fileName, new Positions());
	validateSpec(spec, report);
	return report.diagnostics;
}

/** The spec with etcd's directories as validated: normalised (`/var/lib/etcd/` -> `/var/lib/etcd`). */
function withNormalDirectories(spec: ClusterSpec): ClusterSpec {
	const { confDir, dataDir, binDir } = spec.etcd;
	const etcd = {
		...spec.etcd,
		confDir: normalizeDirectory(confDir),
		dataDir: normalizeDirectory(dataDir),
		binDir: normalizeDirectory(binDir),
	};
	return { ...spec, etcd };
}

function yamlDiagnostic(
	severity: Diagnostic['severity'],
	error: YAMLError,
	file: string,
	lineCounter: LineCounter,
): Diagnostic {
	const { line, col } = lineCounter.linePos(error.pos[0]);
	const text =
		error.code === 'MULTIPLE_DOCS'
			? "the file holds more than one YAML document ('---'); keep one cluster per file"
			: error.message;
	// The parser's words may quote the file (an alias name, a tag): each long word is capped
	// like a value, and the whole message too.
	const words = text.replaceAll(LONG_WORD, (word) => capped(word));
	const message = `invalid YAML: ${capped(words, MAX_YAML_MESSAGE)}`;
	return { severity, file, line, column: col, path: '', message };
}
