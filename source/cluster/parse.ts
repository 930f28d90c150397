import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { applyDefaults } from './defaults.js';
import type { Diagnostic } from './diagnostics.js';
import { normalizeDirectory } from './directories.js';
import { extractCluster } from './extract.js';
import { Positions } from './positions.js';
import { Reporter } from './reporter.js';
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
	const lineCounter = new LineCounter();
	const document = parseDocument(text, { lineCounter, prettyErrors: false });
	const syntax = [
		...document.errors.map((error) => yamlDiagnostic('error', error, fileName, lineCounter)),
		...document.warnings.map((warning) =>
			yamlDiagnostic('warning', warning, fileName, lineCounter),
		),
	];
	if (document.errors.length > 0) return { spec: undefined, diagnostics: syntax };
	const report = new Reporter(fileName, new Positions(lineCounter));
	const spec = applyDefaults(extractCluster(document, report));
	validateSpec(spec, report);
	const diagnostics = [...syntax, ...report.diagnostics].sort(
		(a, b) => a.line - b.line || a.column - b.column,
	);
	const failed = diagnostics.some((d) => d.severity === 'error');
	return { spec: failed ? undefined : withNormalDirectories(spec), diagnostics };
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
	const message = `invalid YAML: ${text}`;
	return { severity, file, line, column: col, path: '', message };
}
