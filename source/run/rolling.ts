import type { EmitEvent } from '../events/run-event.js';
import { HEALTHY_DEADLINE_MS } from '../health/cluster-probe.js';
import type { ClusterHealth } from '../health/index.js';
import type { HostConnection } from '../ssh/index.js';
import { nodeStep } from './node-step.js';

/** What a rolling restart needs: where to report, how to reach a host, when the cluster is whole. */
export interface RestartContext {
	readonly emit: EmitEvent;
	readonly signal?: AbortSignal;
	readonly connection: (name: string) => HostConnection;
	/** Resolves once every member is healthy; rejects saying which is not. */
	readonly healthy: () => Promise<ClusterHealth>;
	/** The health gate before the first member's change, where it differs from `healthy`. */
	readonly gate?: () => Promise<ClusterHealth>;
	/**
	 * Stops the run between two members' turns, never inside one; default `signal`, which also
	 * cuts a turn short.
	 */
	readonly stopBetweenTurns?: AbortSignal;
	/** Limit of `systemctl restart` (default HEALTHY_DEADLINE_MS). */
	readonly restartTimeoutMs?: number;
}

/** One member's turn in a rolling restart. */
export interface RollingMember {
	readonly node: string;
	/** Why it restarts, shown in the step title. */
	readonly reason: string;
	/** The phase title; default `Rolling restart: <node>`. */
	readonly title?: string;
	/** Runs after the health gate, before the restart (e.g. writes the files it restarts for). */
	readonly change?: () => Promise<void>;
	/**
	 * Called when the change, the restart or the wait after it fails (not on abort), before the
	 * error is passed on: the place to put the member's previous files back.
	 */
	readonly recover?: (error: unknown) => Promise<void>;
}

/**
 * The member to restart next: any but the leader, so that leadership moves once per rolling
 * restart, when the leader's own turn comes last. A leader that stops hands leadership over,
 * and during the hand-over raft drops the proposals followers forward to it: their clients
 * wait out their timeout. Restarting in file order moved leadership up to three times per
 * rolling restart of three members (the leader handed it to the member next in line).
 */
export function nextToRestart<T extends { readonly node: string }>(
	left: readonly T[],
	leader: string | null,
): T | undefined {
	return left.find((m) => m.node !== leader) ?? left[0];
}

/**
 * Restarts `members` one at a time, the leader last, each only once every member is healthy,
 * and waits until every member is healthy again: a cluster never has more than one member down.
 * `onRestarted` hears of each member once its turn is over. Returns the order they went in.
 */
export async function restartInTurns(
	members: readonly RollingMember[],
	ctx: RestartContext,
	onRestarted?: (node: string) => void,
): Promise<string[]> {
	const left = [...members];
	const order: string[] = [];
	// The wait that ends a turn is the next turn's gate: it has just seen every member healthy.
	let health: ClusterHealth | undefined;
	while (left.length > 0) {
		(ctx.stopBetweenTurns ?? ctx.signal)?.throwIfAborted();
		// Never take a member down while another one is not healthy.
		health ??= await (ctx.gate ?? ctx.healthy)();
		const member = nextToRestart(left, health.cluster.leader) as RollingMember;
		left.splice(left.indexOf(member), 1);
		health = await restartOne(member, ctx);
		order.push(member.node);
		onRestarted?.(member.node);
	}
	return order;
}

/** One member's turn, after the health gate: its change, the restart, the wait for health. */
async function restartOne(member: RollingMember, ctx: RestartContext): Promise<ClusterHealth> {
	const { emit, signal } = ctx;
	emit({ type: 'phase', title: member.title ?? `Rolling restart: ${member.node}` });
	try {
		await member.change?.();
		await restartMember(member.node, member.reason, ctx);
		return await nodeStep(
			emit,
			member.node,
			'healthy',
			'Wait until the cluster is healthy again',
			() => ctx.healthy(),
		);
	} catch (error) {
		if (member.recover && !signal?.aborted) await member.recover(error);
		throw error;
	}
}

/** `systemctl restart etcd.service` on one member, as a step. */
export function restartMember(node: string, reason: string, ctx: RestartContext): Promise<unknown> {
	return nodeStep(ctx.emit, node, 'restart', `Restart etcd (${reason})`, () =>
		ctx.connection(node).exec('systemctl restart etcd.service', {
			sudo: true,
			check: true,
			timeoutMs: ctx.restartTimeoutMs ?? HEALTHY_DEADLINE_MS,
			...(ctx.signal ? { signal: ctx.signal } : {}),
		}),
	);
}
