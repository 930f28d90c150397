import type { LoadedCluster } from '../cluster/index.js';
import { formatHealthTable } from '../health/index.js';
import { type ClusterPlan, isNoop } from '../plan/plan.js';
import { applyCluster } from '../run/apply.js';
import { abortOnInterrupt, askYes, type CommandIo, headlessEmitter, UsageError } from './output.js';
import { formatPlan } from './plan.js';

export interface ApplyFlags {
	readonly yes: boolean;
	readonly acceptNewHostKeys: boolean;
}

/** `etcd-wizard apply`: preflight, plan, then change the hosts; exits 0 on a healthy cluster. */
export async function applyCommand(
	loaded: LoadedCluster,
	flags: ApplyFlags,
	io: CommandIo,
): Promise<number> {
	const interactive = process.stdin.isTTY && process.stderr.isTTY && !process.env.CI;
	if (!flags.yes && !interactive) {
		throw new UsageError(
			'apply changes hosts: pass --yes to apply without being asked (no terminal to ask in)',
		);
	}
	const { signal, dispose } = abortOnInterrupt(io);
	try {
		const emit = headlessEmitter(
			io,
			loaded.spec.hosts.map((h) => h.name),
		);
		const result = await applyCluster(loaded.spec, loaded.path, {
			acceptNewHostKeys: flags.acceptNewHostKeys,
			emit,
			signal,
			...(flags.yes ? {} : { confirm: (plan) => confirmPlan(plan, loaded, io) }),
		});
		if (io.json) {
			io.stdout(JSON.stringify({ type: 'result', ...result }));
		} else {
			io.stderr(formatHealthTable(result.health));
			const changed =
				result.changedNodes.length === 0
					? 'nothing changed'
					: `changed: ${result.changedNodes.join(', ')}`;
			const restarted =
				result.restartedNodes.length > 0
					? `; restarted one at a time: ${result.restartedNodes.join(', ')}`
					: '';
			io.stderr(`apply: ${changed}${restarted}`);
		}
		return result.health.cluster.healthy ? 0 : 1;
	} finally {
		dispose();
	}
}

async function confirmPlan(
	plan: ClusterPlan,
	loaded: LoadedCluster,
	io: CommandIo,
): Promise<boolean> {
	if (isNoop(plan)) return true;
	io.stderr(formatPlan(plan, loaded.spec));
	return askYes('Apply these changes? [y/N] ');
}
