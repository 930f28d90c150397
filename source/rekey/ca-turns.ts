import type { ClientIdentity } from '../health/index.js';
import { connectionTo } from '../health/ssh-dial.js';
import { restartInTurns } from '../run/rolling.js';
import { GOALS, type Phase } from './abort-report.js';
import { RekeyStoppedError } from './errors.js';
import { type RollbackReport, rollBackRestart } from './rollback.js';
import { adminIdentity, changeFiles, committed, type RekeyRun } from './run-context.js';

/** Backups of the three phases of a CA rotation, under the run's backup dir. */
export const STAGES = {
	both: '1-trust-both',
	leaves: '2-new-certs',
	only: '3-new-ca-only',
} as const;

/** A rotation's progress as it goes: the phase under way and the members finished in it. */
export interface Progress {
	phase: Phase | 'start';
	done: string[];
}

/** Refuses to begin unless every member is healthy (with the identity the cluster trusts now). */
export async function healthyFirst(run: RekeyRun, identity: ClientIdentity): Promise<void> {
	const before = await run.probe.check(identity);
	if (before.cluster.healthy) return;
	const sick = before.members.flatMap((m) => m.error ?? []).join('; ');
	throw new RekeyStoppedError(
		`rekey --ca restarts every member and needs every member healthy first; nothing was changed: ${sick}`,
		'etcd-wizard health <cluster.yaml> shows what is wrong; fix it, then run rekey --ca again',
	);
}

/**
 * Phases 1 and 3: `names` one at a time, the leader last, get `caFile` as ca.crt and restart,
 * each once the cluster is healthy. Ctrl-C cuts short only the wait before a member's change; once its change
 * has begun, the member is finished (restarted, cluster healthy) or, on a failure, put back.
 * Each finished member is added to `progress.done`. Returns the order they restarted in.
 */
export async function restartTurns(
	run: RekeyRun,
	progress: Progress,
	phase: 'both' | 'only',
	names: readonly string[],
	caFile: string,
	identity: ClientIdentity,
): Promise<string[]> {
	const steady = committed(run);
	const reason = GOALS[phase].replace(/^to /, '');
	return restartInTurns(
		names.map((name) => ({
			node: name,
			reason,
			title: `${reason[0]?.toUpperCase()}${reason.slice(1)}: ${name}`,
			change: () => changeFiles(steady, name, STAGES[phase], [run.file('ca.crt', caFile)]),
			recover: (error: unknown) =>
				stop(steady, name, phase, error, () =>
					rollBackRestart(steady, name, STAGES[phase], identity),
				),
		})),
		{
			emit: run.emit,
			connection: (node) => connectionTo(run.prepared.connections, node),
			// Ctrl-C cuts short only the first gate; a member's turn, once begun, is finished.
			gate: () => run.probe.healthy(identity, 'all'),
			healthy: () => steady.probe.healthy(identity, 'all'),
			...(run.signal ? { stopBetweenTurns: run.signal } : {}),
		},
		(name) => progress.done.push(name),
	);
}

/**
 * Rolls back and throws the error that says what happened, where the cluster stands, where the
 * local PKI stands and what to do next.
 */
export async function stop(
	run: RekeyRun,
	node: string,
	phase: Phase,
	error: unknown,
	rollBack: () => Promise<RollbackReport>,
): Promise<never> {
	const report = await rollBack();
	const where = standing(run, phase);
	throw new RekeyStoppedError(
		[
			`rekey --ca stopped at ${node}, which was ${GOALS[phase]}: ${(error as Error).message}`,
			...report,
			...where.lines,
			`backups stay on the hosts in ${run.backupDir}`,
		].join('\n'),
		`fix the cause on ${node} (journalctl -u etcd -n 50 on ${node}), then ${where.next}`,
		{ cause: error },
	);
}

/** Where a failed rotation leaves the cluster and the local PKI, by the phase it stopped in. */
function standing(run: RekeyRun, phase: Phase): { lines: string[]; next: string } {
	const dir = run.prepared.local.dir;
	if (phase === 'only') {
		return {
			lines: [
				'every member presents certificates of the new CA; members not yet restarted still trust the old CA too',
				`${dir} holds the new CA; the previous one is kept as ca.prev.crt/ca.prev.key`,
			],
			next: 'run `etcd-wizard rekey <cluster.yaml> --ca` again to finish the rotation (or `etcd-wizard apply <cluster.yaml>`: the new CA alone, one restart at a time)',
		};
	}
	return {
		lines: [
			'the cluster still runs on the old CA; members that already trust the new CA too keep that until `etcd-wizard apply <cluster.yaml>` writes the old CA file back',
			`${dir} is unchanged; the new CA was discarded`,
		],
		next: 'run `etcd-wizard rekey <cluster.yaml> --ca` again',
	};
}

/** The identity of the local PKI as the run began. */
export function localIdentity(run: RekeyRun): ClientIdentity {
	const { ca, admin } = run.prepared.local;
	return adminIdentity(ca.certPem, admin);
}
