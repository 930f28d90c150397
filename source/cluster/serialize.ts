import { Document, isScalar } from 'yaml';
import { ACCEPTED_KEYS } from './schema.js';
import type { ClusterSpec } from './types.js';

const HEADER = [
	' etcd-wizard cluster file. Edit by hand or re-run the wizard; check it with',
	' `etcd-wizard check <file>`. Relative paths are relative to this file.',
].join('\n');

/** The spec as YAML in design.md's key order, with a short header; parses back to `spec`. */
export function serializeClusterFile(spec: ClusterSpec): string {
	const document = new Document({
		apiVersion: spec.apiVersion,
		name: spec.name,
		ssh: ordered(spec.ssh, ACCEPTED_KEYS.ssh),
		etcd: ordered(spec.etcd, ACCEPTED_KEYS.etcd),
		pki: ordered(spec.pki, ACCEPTED_KEYS.pki),
		hosts: spec.hosts.map((host) => ordered(host, ACCEPTED_KEYS.host)),
	});
	document.commentBefore = HEADER;
	// Quoted like design.md, so "3.10" never turns into a number when edited by hand.
	const version = document.getIn(['etcd', 'version'], true);
	if (isScalar(version)) version.type = 'QUOTE_DOUBLE';
	return document.toString({ lineWidth: 0 });
}

/** The defined values of `value`, keyed in `order`. */
function ordered<T extends object>(value: T, order: readonly string[]): Record<string, unknown> {
	const entries = Object.entries(value) as [string, unknown][];
	return Object.fromEntries(
		order.flatMap((key) => entries.filter(([name, v]) => name === key && v !== undefined)),
	);
}
