import { join } from 'node:path';
import { clusterPath } from '../cluster/paths.js';
import type { ClusterSpec } from '../cluster/types.js';
import type { Problem } from '../events/refused.js';
import { RefusedError } from '../events/refused.js';
import type { EmitEvent } from '../events/run-event.js';
import { CA_FILES, readIfExists } from '../pki/store.js';
import type { ReachedCluster } from '../reach/cluster.js';
import { clusterToken } from '../render/index.js';
import type { HostFacts } from '../shell/facts.js';
import type { HostConnection } from '../ssh/index.js';
import { evaluateChecks } from './evaluate.js';
import { measureCluster } from './probe.js';
import { findingPlace } from './result.js';
import type { CheckReport } from './types.js';

/**
 * This cluster's initial-cluster-token, from the CA certificate beside the cluster file;
 * undefined before apply made one (then any etcd data on a host belongs to another cluster).
 */
async function localClusterToken(
	spec: ClusterSpec,
	clusterFile: string,
): Promise<string | undefined> {
	const caCert = await readIfExists(join(clusterPath(clusterFile, spec.pki.dir), CA_FILES.cert));
	return caCert === undefined ? undefined : clusterToken(spec, caCert);
}

/** Measures the connected hosts and evaluates every check; changes nothing that stays. */
export async function runPreflight(
	spec: ClusterSpec,
	clusterFile: string,
	connections: ReadonlyMap<string, HostConnection>,
	facts: ReadonlyMap<string, HostFacts>,
	signal?: AbortSignal,
): Promise<CheckReport> {
	const token = await localClusterToken(spec, clusterFile);
	const measurements = await measureCluster(spec, connections, facts, {
		token,
		...(signal ? { signal } : {}),
	});
	return evaluateChecks({ spec, facts, measurements, token });
}

/** The failed checks as the planner's problems (one per message, the planner's own kept once). */
export function failedProblems(
	report: CheckReport,
	planProblems: readonly Problem[] = [],
): Problem[] {
	const problems: Problem[] = report.checks
		.filter((row) => row.verdict === 'fail')
		.map((row) => {
			const host = findingPlace(row);
			return { ...(host ? { host } : {}), message: row.reason, hint: row.fix ?? '' };
		});
	const seen = new Set(problems.map((p) => p.message));
	return [...problems, ...planProblems.filter((p) => !seen.has(p.message))];
}

/**
 * Runs the checks on the reached hosts for apply, reporting them as events: a row per host
 * that passes, warns or fails. Use {@link refuseFailedChecks} on the report before any change.
 */
export async function preflightChecks(
	reached: ReachedCluster,
	emit: EmitEvent,
	signal?: AbortSignal,
): Promise<CheckReport> {
	const { spec } = reached;
	emit({ type: 'phase', title: 'Preflight checks' });
	const names = [...reached.connections.keys()];
	for (const node of names) {
		emit({
			type: 'node-step-started',
			node,
			step: 'preflight',
			title: 'Check ports, reachability, disk, clock',
		});
	}
	const report = await runPreflight(
		spec,
		reached.clusterFile,
		reached.connections,
		reached.facts,
		signal,
	);
	for (const node of names) {
		const mine = report.checks.filter((row) => row.host === node);
		const failed = mine.filter((row) => row.verdict === 'fail');
		const warned = mine.filter((row) => row.verdict === 'warn');
		for (const row of warned) emit({ type: 'log', level: 'warn', node, message: row.reason });
		if (failed.length > 0) {
			emit({
				type: 'node-step-failed',
				node,
				step: 'preflight',
				error: failed.map((row) => row.reason).join('\n'),
				hint: failed[0]?.fix ?? 'etcd-wizard check <cluster.yaml> shows every check',
			});
		} else {
			const detail = `${mine.length - warned.length} passed${warned.length > 0 ? `, ${warned.length} warnings` : ''}`;
			emit({ type: 'node-step-done', node, step: 'preflight', changed: false, detail });
		}
	}
	for (const row of report.checks) {
		if (row.verdict === 'pass' || names.includes(row.host ?? '')) continue;
		emit({ type: 'log', level: row.verdict === 'fail' ? 'error' : 'warn', message: row.reason });
	}
	return report;
}

/** apply's gate: a RefusedError naming every failed check (and the plan's problems), if any. */
export function refuseFailedChecks(report: CheckReport, planProblems: readonly Problem[]): void {
	if (!report.ok) throw new RefusedError(failedProblems(report, planProblems));
}
