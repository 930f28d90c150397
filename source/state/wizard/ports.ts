import type { HostSpec } from '../../cluster/types.js';
import type { HostFacts } from '../../shell/facts.js';
import type { FieldProblem } from '../shared/types.js';

/** Ports below this are privileged on Linux. */
const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * What the hosts' listening sockets say about `port`: taken by another program on a host (an
 * error), already held by etcd (a re-run keeps it), or privileged (what that needs).
 */
export function portProblems(
	port: number,
	hosts: readonly HostSpec[],
	facts: ReadonlyMap<string, HostFacts>,
): FieldProblem[] {
	const problems: FieldProblem[] = [];
	const taken: string[] = [];
	const etcd: string[] = [];
	for (const host of hosts) {
		const holder = facts.get(host.name)?.listening.find((l) => l.port === port);
		if (!holder) continue;
		if (/etcd/.test(holder.process)) etcd.push(host.name);
		else taken.push(`${host.name} (${holder.process || 'a process'} on ${holder.address})`);
	}
	if (taken.length > 0) {
		problems.push({
			severity: 'error',
			message: `${port} is in use on ${taken.join(', ')}; choose a free port or stop that program`,
		});
	}
	if (etcd.length > 0) {
		problems.push({
			severity: 'warning',
			message: `etcd already listens on ${port} on ${etcd.join(', ')}: fine when it is this cluster's member being re-run`,
		});
	}
	if (port > 0 && port < FIRST_UNPRIVILEGED_PORT) {
		problems.push({
			severity: 'note',
			message: `${port} is below 1024: the etcd user cannot bind it by itself, so the unit grants etcd CAP_NET_BIND_SERVICE (only that capability)`,
		});
	}
	return problems;
}
