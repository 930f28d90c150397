import { setTimeout as sleep } from 'node:timers/promises';
import { probeCluster } from './probe-cluster.js';
import { DEFAULT_TIMEOUT_MS } from './probe-member.js';
import type { ClientIdentity, ClusterHealth, Dial, MemberEndpoint } from './types.js';

export interface WaitOptions {
	readonly signal?: AbortSignal;
	/** How long to keep trying, in milliseconds from the call. */
	readonly deadlineMs: number;
	/** Pause between two passes; default 1000. */
	readonly intervalMs?: number;
	/** Limit of one member's check in a pass; default 5000. */
	readonly timeoutMs?: number;
	/** 'quorum': more than half of the voters healthy; 'all': every member healthy. */
	readonly want: 'quorum' | 'all';
}

/** The least a pass gets, even near the deadline: a shorter one would only report its own haste. */
const MIN_PASS_MS = 1000;

/**
 * Checks the cluster again and again until it is in the wanted state, and resolves with that
 * pass. When the next pass could not start before the deadline it rejects with an Error that
 * names each member that is not healthy and why. A pass is bounded by the time left but given
 * at least a second, so the wait may end up to a second past the deadline.
 */
export async function waitForHealthy(
	clusterName: string,
	members: readonly MemberEndpoint[],
	identity: ClientIdentity,
	dial: Dial,
	options: WaitOptions,
): Promise<ClusterHealth> {
	const { signal, deadlineMs, intervalMs = 1000, want } = options;
	const passMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const deadline = performance.now() + deadlineMs;
	for (;;) {
		const left = deadline - performance.now();
		const timeoutMs = Math.min(passMs, Math.max(left, MIN_PASS_MS));
		const health = await probeCluster(clusterName, members, identity, dial, { signal, timeoutMs });
		if (want === 'all' ? health.cluster.healthy : health.cluster.quorum) return health;
		if (performance.now() + intervalMs >= deadline) {
			throw new Error(notReady(health, want, deadlineMs));
		}
		await sleep(intervalMs, undefined, { signal });
	}
}

function notReady(health: ClusterHealth, want: 'quorum' | 'all', deadlineMs: number): string {
	const goal = want === 'all' ? 'every member healthy' : 'a healthy quorum';
	const sick = health.members
		.filter((m) => !m.healthy)
		.map((m) => `${m.name}: ${m.error ?? 'not healthy'}`);
	if (sick.length === 0) sick.push('no member to check');
	return `etcd cluster ${health.cluster.name} did not reach ${goal} within ${seconds(deadlineMs)}; ${sick.join('; ')}`;
}

function seconds(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
