import type { LoadedCluster } from '../cluster/index.js';
import type { ClusterSpec } from '../cluster/types.js';
import { RefusedError } from '../events/refused.js';
import { type ClusterPlan, isNoop } from '../plan/plan.js';
import { closeAll } from '../reach/connect.js';
import { stepLabel } from '../run/execute-step.js';
import { prepareCluster } from '../run/prepare.js';
import { abortOnInterrupt, type CommandIo, headlessEmitter } from './output.js';

/** `etcd-wizard plan`: what apply would change, per node, with file diffs; changes nothing. */
export async function planCommand(
	loaded: LoadedCluster,
	acceptNewHostKeys: boolean,
	io: CommandIo,
): Promise<number> {
	const { signal, dispose } = abortOnInterrupt(io);
	try {
		const emit = headlessEmitter(
			{ ...io, json: false },
			loaded.spec.hosts.map((h) => h.name),
		);
		const prepared = await prepareCluster(loaded.spec, loaded.path, {
			acceptNewHostKeys,
			emit,
			signal,
			scratchPki: true,
		});
		closeAll(prepared.connections);
		if (prepared.plan.problems.length > 0) throw new RefusedError(prepared.plan.problems);
		io.stdout(
			io.json ? JSON.stringify(planJson(prepared.plan)) : formatPlan(prepared.plan, loaded.spec),
		);
		return 0;
	} finally {
		dispose();
	}
}

/** The plan as text: per node its steps, the files and why, a diff for files that are not keys. */
export function formatPlan(plan: ClusterPlan, spec: ClusterSpec): string {
	if (isNoop(plan)) return `nothing to change on ${plan.nodes.length} hosts`;
	const lines: string[] = [];
	for (const node of plan.nodes) {
		if (node.steps.length === 0 && node.activation.kind === 'none') {
			lines.push(`${node.node}: nothing to change`);
			continue;
		}
		lines.push(`${node.node} (${node.address}):`);
		for (const step of node.steps) {
			lines.push(`  - ${stepLabel(step, spec).title}`);
			if (step.kind !== 'write-files') continue;
			for (const change of step.changes) {
				lines.push(
					`      ${change.file.path} (${change.reason}${change.file.secret ? ', key: not shown' : ''})`,
				);
				if (change.diff) lines.push(...change.diff.split('\n').map((l) => `        ${l}`));
			}
		}
		if (node.activation.kind !== 'none')
			lines.push(`  - ${node.activation.kind} etcd: ${node.activation.reason}`);
	}
	if (plan.nodes.some((n) => n.activation.kind === 'restart')) {
		lines.push('restarts go one member at a time, each after the cluster is healthy again');
	}
	return lines.join('\n');
}

function planJson(plan: ClusterPlan) {
	return {
		noop: isNoop(plan),
		bootstrap: plan.bootstrap,
		nodes: plan.nodes.map((n) => ({
			node: n.node,
			activation: n.activation,
			steps: n.steps.map((s) =>
				s.kind === 'write-files'
					? {
							kind: s.kind,
							files: s.changes.map((c) => ({
								path: c.file.path,
								reason: c.reason,
								diff: c.diff ?? null,
							})),
						}
					: s,
			),
		})),
	};
}
