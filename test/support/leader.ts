import type { Lab } from './lab.js';
import { asRoot } from './raw-ssh.js';

/** etcdctl on the first lab host with its member's TLS files, against every member. */
function etcdctlAll(lab: Lab): string {
	const endpoints = lab.hosts.map((h) => `https://${h.clusterAddress}:2379`).join(',');
	return `set -a; . /etc/etcd/etcdctl.env; set +a; ETCDCTL_ENDPOINTS=${endpoints} etcdctl`;
}

/** The cluster's raft as etcdctl sees it: the leader's host name, the term, member IDs by host. */
export interface RaftView {
	readonly leader: string | undefined;
	readonly term: number;
	readonly ids: ReadonlyMap<string, string>;
}

/**
 * `etcdctl endpoint status` of every member. Its simple output is used because its JSON carries
 * member IDs as 64-bit numbers, which JSON.parse rounds.
 */
export async function raftView(lab: Lab): Promise<RaftView> {
	const first = lab.hosts[0];
	if (!first) throw new Error('the lab has no hosts');
	const out = await asRoot(lab, first, `${etcdctlAll(lab)} endpoint status`);
	const ids = new Map<string, string>();
	let leader: string | undefined;
	let term = 0;
	for (const line of out.trim().split('\n')) {
		// endpoint, id, version, db size, is leader, is learner, raft term, ...
		const [endpoint, id, , , isLeader, , raftTerm] = line.split(', ');
		const host = lab.hosts.find((h) => endpoint === `https://${h.clusterAddress}:2379`);
		if (!host || !id) throw new Error(`unexpected endpoint status line: ${line}`);
		ids.set(host.name, id);
		if (isLeader === 'true') leader = host.name;
		term = Math.max(term, Number(raftTerm));
	}
	return { leader, term, ids };
}

/** Hands leadership to `name` (etcdctl move-leader) and waits until the cluster says so. */
export async function moveLeaderTo(lab: Lab, name: string): Promise<void> {
	const first = lab.hosts[0];
	const view = await raftView(lab);
	if (view.leader === name || !first) return;
	await asRoot(lab, first, `${etcdctlAll(lab)} move-leader ${view.ids.get(name)}`);
	for (let i = 0; i < 50; i++) {
		if ((await raftView(lab)).leader === name) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`leadership did not move to ${name}`);
}
