import type { Finding } from './types.js';

/**
 * The diagnosis as text below the health table: one block per finding, "ERROR"/"WARN", the
 * summary, its evidence indented, and the next step. "diagnosis: nothing wrong found" when empty.
 */
export function formatDiagnosis(findings: readonly Finding[]): string {
	if (findings.length === 0) return 'diagnosis: nothing wrong found';
	const blocks = findings.map((f) =>
		[
			`${f.severity === 'error' ? 'ERROR' : 'WARN '} ${f.summary}`,
			...f.evidence.map((line) => `      ${line}`),
			`      next: ${f.next}`,
		].join('\n'),
	);
	return ['diagnosis:', ...blocks].join('\n');
}
