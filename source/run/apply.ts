import type { ClusterSpec } from '../cluster/types.js';
import {
	type ClientIdentity,
	type ClusterHealth,
	checkCluster,
	type Dial,
	type MemberEndpoint,
	waitForHealthy,
} from '../health/index.js';
import type { ClusterPlan, NodePlan, PlannedStep } from '../plan/plan.js';
import { CommandError, type HostConnection, SshError } from '../ssh/index.js';
import { closeAll, clusterPath } from './context.js';
import type { EmitEvent } from './events.js';
import { executeStep, stepLabel } from './execute-step.js';
import { type ReleaseSource, readLocalRelease } from './install-etcd.js';
import {
	type PreparedCluster,
	type PrepareOptions,
	prepareCluster,
	RefusedError,
} from './prepare.js';

export interface ApplyOptions extends PrepareOptions {
	/** Asked with the plan before any host is changed; false leaves every host as it is. */
	readonly confirm?: (plan: ClusterPlan) => Promise<boolean>;
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

/** How long a member gets to come back healthy after a start or restart. */
const HEALTHY_DEADLINE_MS = 120_000;
/** A member takes about a second to start; polling often enough saves most of one. */
const HEALTH_POLL_MS = 250;

/**
 * Turns the hosts into the cluster the file describes: preflight and plan first (no host is
 * touched when anything is refused), then every host's steps at once, then starts or rolling,
 * health-gated restarts, then the cluster's health.
 */
export async function applyCluster(
	spec: ClusterSpec,
	clusterFile: string,
	options: ApplyOptions,
): Promise<ApplyResult> {
	const prepared = await prepareCluster(spec, clusterFile, options);
	try {
		return await execute(prepared, options);
	} finally {
		closeAll(prepared.connections);
	}
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
	const endpoints: MemberEndpoint[] = prepared.members.map((m) => ({
		name: m.name,
		ip: m.clusterIp,
		clientPort: spec.etcd.clientPort,
	}));
	const dial: Dial = (member) =>
		connectionOf(prepared, member.name).forwardOut(member.ip, member.clientPort);
	const healthy = (want: 'quorum' | 'all') =>
		waitForHealthy(spec.name, endpoints, identity, dial, {
			deadlineMs: HEALTHY_DEADLINE_MS,
			intervalMs: HEALTH_POLL_MS,
			want,
			...(signal ? { signal } : {}),
		});

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
		await nodeStepAll(emit, toStart, 'healthy', 'Wait until every member is healthy', () =>
			healthy('all'),
		);
	}
	for (const node of toRestart) {
		signal?.throwIfAborted();
		emit({ type: 'phase', title: `Rolling restart: ${node.node}` });
		// Never take a member down while another one is not healthy.
		await healthy('all');
		await nodeStep(emit, node.node, 'restart', `Restart etcd (${reasonOf(node)})`, () =>
			connectionOf(prepared, node.node).exec('systemctl restart etcd.service', {
				sudo: true,
				check: true,
				timeoutMs: HEALTHY_DEADLINE_MS,
				...(signal ? { signal } : {}),
			}),
		);
		await nodeStep(emit, node.node, 'healthy', 'Wait until the cluster is healthy again', () =>
			healthy('all'),
		);
	}
	emit({ type: 'phase', title: 'Health' });
	const health = await checkCluster(spec.name, endpoints, identity, dial, signal ? { signal } : {});
	return {
		changedNodes: plan.nodes.filter((n) => n.steps.length > 0).map((n) => n.node),
		restartedNodes: toRestart.map((n) => n.node),
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
	// The release download needs nothing the other steps make, so it runs beside them; systemd
	// steps come last, once the unit, its files and the binary are all in place.
	const isSystemd = (s: PlannedStep) => s.kind === 'daemon-reload' || s.kind === 'enable';
	const install = node.steps.filter((s) => s.kind === 'install-etcd');
	const rest = node.steps.filter((s) => s.kind !== 'install-etcd' && !isSystemd(s));
	const settled = await Promise.allSettled([runInOrder(install), runInOrder(rest)]);
	for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
	await runInOrder(node.steps.filter(isSystemd));
}

/** Runs `work` as one step of one node, reporting start, done or failure with a next step. */
async function nodeStep<T>(
	emit: EmitEvent,
	node: string,
	step: string,
	title: string,
	work: () => Promise<T>,
): Promise<T> {
	emit({ type: 'node-step-started', node, step, title });
	try {
		const result = await work();
		emit({ type: 'node-step-done', node, step, changed: true });
		return result;
	} catch (error) {
		const err = error as Error;
		emit({
			type: 'node-step-failed',
			node,
			step,
			error: err.message,
			...(error instanceof CommandError ? { stderrTail: error.stderrTail } : {}),
			hint: error instanceof SshError ? error.hint : nextStepFor(step, node),
		});
		throw error;
	}
}

async function nodeStepAll<T>(
	emit: EmitEvent,
	nodes: readonly NodePlan[],
	step: string,
	title: string,
	work: () => Promise<T>,
): Promise<T> {
	for (const n of nodes) emit({ type: 'node-step-started', node: n.node, step, title });
	try {
		const result = await work();
		for (const n of nodes) emit({ type: 'node-step-done', node: n.node, step, changed: false });
		return result;
	} catch (error) {
		for (const n of nodes) {
			emit({
				type: 'node-step-failed',
				node: n.node,
				step,
				error: (error as Error).message,
				hint: nextStepFor(step, n.node),
			});
		}
		throw error;
	}
}

function nextStepFor(step: string, node: string): string {
	if (step === 'healthy' || step === 'start' || step === 'restart') {
		return `look at the member's log: journalctl -u etcd -n 50 on ${node}; etcd-wizard check <cluster.yaml> finds blocked ports`;
	}
	return 'fix the cause above and run apply again: finished steps are not repeated';
}

function reasonOf(node: NodePlan): string {
	return node.activation.kind === 'none' ? '' : node.activation.reason;
}

function connectionOf(prepared: PreparedCluster, name: string): HostConnection {
	const connection = prepared.connections.get(name);
	if (!connection) throw new Error(`no SSH connection to ${name}`);
	return connection;
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
			'etcd.downloadUrl and etcd.checksumUrl are needed when etcd.tarball is not set',
		);
	}
	return { kind: 'download', url: downloadUrl, checksumUrl };
}
