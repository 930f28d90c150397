import { clusterPath } from '../cluster/paths.js';
import type { ClusterSpec } from '../cluster/types.js';
import { RefusedError } from '../events/refused.js';
import type { EmitEvent } from '../events/run-event.js';
import { clusterProbe } from '../health/cluster-probe.js';
import type { ClientIdentity, ClusterHealth } from '../health/index.js';
import { connectionTo } from '../health/ssh-dial.js';
import { type ClusterPlan, isNoop, type NodePlan, type PlannedStep } from '../plan/plan.js';
import { preflightChecks, refuseFailedChecks } from '../preflight/run-preflight.js';
import type { ReachedCluster } from '../reach/cluster.js';
import { withReachedCluster } from '../reach/cluster.js';
import type { HostConnection } from '../ssh/index.js';
import { executeStep, stepLabel } from './execute-step.js';
import { type ReleaseSource, readLocalRelease } from './install-etcd.js';
import { nodeStep, nodeStepAll } from './node-step.js';
import { keysToMake, type PreparedCluster, type PrepareOptions, planReached } from './prepare.js';
import { type RestartContext, restartInTurns } from './rolling.js';

export interface ApplyOptions extends PrepareOptions {
	/** Asked with the plan before any host is changed; false leaves every host as it is. */
	readonly confirm?: (plan: ClusterPlan) => Promise<boolean>;
	/**
	 * The caller ran the preflight checks on these hosts moments ago and they passed (the
	 * wizard's own step, shown to the operator): they are not run again.
	 */
	readonly preflightPassed?: boolean;
}

/** The operator said no to the plan; nothing was changed. */
export class DeclinedError extends Error {
	override readonly name = 'DeclinedError';
}

export interface ApplyResult {
	readonly changedNodes: readonly string[];
	readonly restartedNodes: readonly string[];
	readonly health: ClusterHealth;
}

/** A member takes about a second to start; polling often enough saves most of one. */
const HEALTH_POLL_MS = 250;

/**
 * Turns the hosts into the cluster the file describes: preflight and plan first (no host is
 * touched when anything is refused), then every host's steps at once, then starts or rolling,
 * health-gated restarts, then the cluster's health.
 */
export function applyCluster(
	spec: ClusterSpec,
	clusterFile: string,
	options: ApplyOptions,
): Promise<ApplyResult> {
	return withReachedCluster(spec, clusterFile, options, async (reached) =>
		execute(await planAndCheck(reached, options), options),
	);
}

/**
 * The plan, gated by the preflight checks: a failed check refuses the run before any host is
 * changed. A first run makes key pairs, CPU work, while the checks mostly wait on pings and the
 * disk: then both run at once. A plan that changes nothing and restarts nothing has nothing for
 * the checks to protect: their probes are skipped.
 */
async function planAndCheck(
	reached: ReachedCluster,
	options: ApplyOptions,
): Promise<PreparedCluster> {
	const { emit, signal } = options;
	if (options.preflightPassed) return planReached(reached, options);
	if (keysToMake(reached) === 0) {
		const prepared = await planReached(reached, options);
		if (!isNoop(prepared.plan)) {
			refuseFailedChecks(await preflightChecks(reached, emit, signal), prepared.plan.problems);
		}
		return prepared;
	}
	// Both settle before anything is thrown: the checks' listeners are stopped before the
	// connections close.
	const [planned, checked] = await Promise.allSettled([
		planReached(reached, options),
		preflightChecks(reached, emit, signal),
	]);
	if (checked.status === 'rejected') throw checked.reason;
	if (planned.status === 'rejected') throw planned.reason;
	refuseFailedChecks(checked.value, planned.value.plan.problems);
	return planned.value;
}

async function execute(prepared: PreparedCluster, options: ApplyOptions): Promise<ApplyResult> {
	const { spec, plan, pki } = prepared;
	const { emit, signal } = options;
	if (plan.problems.length > 0 || !pki) {
		for (const problem of plan.problems) {
			emit({
				type: 'log',
				level: 'error',
				...(problem.host ? { node: problem.host } : {}),
				message: problem.message,
			});
		}
		throw new RefusedError(plan.problems);
	}
	if (options.confirm && !(await options.confirm(plan)))
		throw new DeclinedError('apply: nothing was changed');
	const release = await releaseSource(spec, prepared.clusterFile, plan.nodes);
	emit({ type: 'phase', title: 'Provisioning' });
	const outcomes = await Promise.allSettled(
		plan.nodes.map((node) => runNodeSteps(prepared, node, release, emit, signal)),
	);
	// Ctrl-C: every host stopped after its current step; say so rather than list the aborts.
	signal?.throwIfAborted();
	const failed = outcomes.flatMap((o, i) =>
		o.status === 'rejected' ? [[plan.nodes[i]?.node, o.reason] as const] : [],
	);
	if (failed.length > 0) {
		const [, first] = failed[0] ?? [];
		throw first instanceof Error && failed.length === 1
			? first
			: new Error(
					`provisioning failed on ${failed.map(([n]) => n).join(', ')}: ${failed.map(([, e]) => (e as Error).message).join('; ')}`,
				);
	}

	const identity: ClientIdentity = { caCert: pki.caCert, cert: pki.adminCert, key: pki.adminKey };
	const probe = clusterProbe(spec, prepared.members, prepared.connections, {
		intervalMs: HEALTH_POLL_MS,
		...(signal ? { signal } : {}),
	});
	const healthy = (want: 'quorum' | 'all') => probe.healthy(identity, want);

	const toStart = plan.nodes.filter((n) => n.activation.kind === 'start');
	const toRestart = plan.nodes.filter((n) => n.activation.kind === 'restart');
	if (toStart.length > 0) {
		emit({
			type: 'phase',
			title: plan.bootstrap
				? `Starting ${toStart.length} members together (new cluster)`
				: 'Starting stopped members',
		});
		// Type=notify: a member reports ready only once it has joined a quorum, so a blocking start
		// of the first would wait for the others. Start all, then wait for the cluster.
		await Promise.all(
			toStart.map((node) =>
				nodeStep(emit, node.node, 'start', `Start etcd (${reasonOf(node)})`, () =>
					connectionOf(prepared, node.node).exec('systemctl start --no-block etcd.service', {
						sudo: true,
						check: true,
						...(signal ? { signal } : {}),
					}),
				),
			),
		);
		await nodeStepAll(
			emit,
			toStart.map((n) => n.node),
			'healthy',
			'Wait until every member is healthy',
			() => healthy('all'),
		);
	}
	const rolling: RestartContext = {
		emit,
		...(signal ? { signal } : {}),
		connection: (name) => connectionOf(prepared, name),
		healthy: () => healthy('all'),
	};
	const restartedNodes = await restartInTurns(
		toRestart.map((node) => ({ node: node.node, reason: reasonOf(node) })),
		rolling,
	);
	emit({ type: 'phase', title: 'Health' });
	const health = await probe.check(identity);
	return {
		changedNodes: plan.nodes.filter((n) => n.steps.length > 0).map((n) => n.node),
		restartedNodes,
		health,
	};
}

async function runNodeSteps(
	prepared: PreparedCluster,
	node: NodePlan,
	release: ReleaseSource,
	emit: EmitEvent,
	signal?: AbortSignal,
): Promise<void> {
	const connection = connectionOf(prepared, node.node);
	const runInOrder = async (steps: readonly PlannedStep[]) => {
		for (const step of steps) {
			// Stop between steps: every step leaves its host consistent.
			signal?.throwIfAborted();
			const { id, title } = stepLabel(step, prepared.spec);
			await nodeStep(emit, node.node, id, title, () =>
				executeStep(connection, step, prepared.spec, release, signal),
			);
		}
	};
	// The release install needs nothing the other steps make, so it runs beside them. Neither
	// daemon-reload nor enable needs the binary (only a start does, and that waits for both).
	const install = node.steps.filter((s) => s.kind === 'install-etcd');
	const rest = node.steps.filter((s) => s.kind !== 'install-etcd');
	const settled = await Promise.allSettled([runInOrder(install), runInOrder(rest)]);
	for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
}

function reasonOf(node: NodePlan): string {
	return node.activation.kind === 'none' ? '' : node.activation.reason;
}

function connectionOf(prepared: PreparedCluster, name: string): HostConnection {
	return connectionTo(prepared.connections, name);
}

async function releaseSource(
	spec: ClusterSpec,
	clusterFile: string,
	nodes: readonly NodePlan[],
): Promise<ReleaseSource> {
	const { tarball, downloadUrl, checksumUrl } = spec.etcd;
	if (tarball) {
		// Read the tarball only when some host needs it.
		const needed = nodes.some((n) => n.steps.some((s) => s.kind === 'install-etcd'));
		return needed
			? readLocalRelease(clusterPath(clusterFile, tarball))
			: { kind: 'upload', tarball: Buffer.alloc(0), sha256: '', name: '' };
	}
	if (!downloadUrl || !checksumUrl) {
		throw new Error(
			'etcd.downloadUrl and etcd.checksumUrl are needed when etcd.tarball is not set: set both in the cluster file, or set etcd.tarball to a release on this machine',
		);
	}
	return { kind: 'download', url: downloadUrl, checksumUrl };
}
