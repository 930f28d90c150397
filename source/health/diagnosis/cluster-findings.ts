import { peerFailures } from './journal.js';
import { etcdctlOn, isDown } from './member-findings.js';
import type { DiagnoseInput, Finding, MemberDetails } from './types.js';

/** How far back the journal counts for peer trouble: older lines are history, not the present. */
export const PEER_WINDOW_MS = 90_000;

/** Fewer than a majority of voting members are healthy: said plainly, with the down ones named. */
export function noQuorum(input: DiagnoseInput): Finding | null {
	const { cluster, members } = input.health;
	if (cluster.quorum) return null;
	const voters = cluster.members - members.filter((m) => m.isLearner).length;
	const healthy = members.filter((m) => m.healthy && !m.isLearner);
	const needed = Math.floor(voters / 2) + 1;
	const unhealthy = members.filter((m) => !m.healthy).map((m) => m.name);
	return {
		severity: 'error',
		host: null,
		summary: `no quorum: ${healthy.length} of ${voters} members are healthy and etcd needs ${needed}; the cluster accepts no writes until ${needed - healthy.length} more ${needed - healthy.length === 1 ? 'is' : 'are'} back`,
		evidence: unhealthy.length > 0 ? [`not healthy: ${unhealthy.join(', ')}`] : [],
		next: 'bring the members below back first (start etcd on them); do not remove members while quorum is lost',
	};
}

/**
 * Members whose journal says they cannot reach a peer's port (recent lines only), grouped by the
 * peer: "etcd1 and etcd2 cannot reach etcd3 at 10.0.0.13:2380". A peer whose unit is down is
 * left to the member-down finding.
 */
export function peerTrouble(input: DiagnoseInput): Finding[] {
	const byTarget = new Map<
		string,
		{ target: string; port: number; from: string[]; lines: string[] }
	>();
	// A stopped member's own journal tells of its shutdown, not of its peers.
	for (const details of input.details.filter((d) => !isDown(d))) {
		const hostNow = input.now + (details.clockOffsetMs ?? 0);
		const recent = details.journal.filter((l) => hostNow - l.at <= PEER_WINDOW_MS);
		for (const failure of peerFailures(recent)) {
			// Addresses of no member (its own 127.0.0.1 gateway, say) are not peer trouble.
			const target = nameOf(input, failure.ip);
			if (target === undefined || target === details.name) continue;
			if (isDown(input.details.find((d) => d.name === target))) continue;
			const key = `${failure.ip}:${failure.port}`;
			const entry = byTarget.get(key) ?? { target, port: failure.port, from: [], lines: [] };
			entry.from.push(details.name);
			entry.lines.push(`${details.name} journal: ${failure.line}`);
			byTarget.set(key, entry);
		}
	}
	return [...byTarget].map(([address, { target, port, from, lines }]) => {
		const kind = port === input.peerPort ? 'peer port' : 'port';
		return {
			severity: 'error',
			host: target,
			summary: `${target}: ${joinNames(from)} cannot reach it at ${address} (${kind} ${port})`,
			evidence: lines,
			next: `open TCP ${port} on ${target} for the other members (check its firewall: nft list ruleset / iptables -S) and that etcd listens there`,
		};
	});
}

/** Members that list different members (by ID) than the others. */
export function membershipDisagreement(input: DiagnoseInput): Finding | null {
	const views = input.details.flatMap((d) =>
		d.memberList
			? [
					{
						name: d.name,
						ids: d.memberList
							.map((m) => m.id)
							.sort()
							.join(','),
					},
				]
			: [],
	);
	const distinct = new Set(views.map((v) => v.ids));
	if (distinct.size <= 1) return null;
	const named = (ids: string) =>
		ids
			.split(',')
			.map((id) => memberName(input.details, id))
			.join(', ');
	return {
		severity: 'error',
		host: null,
		summary: `members disagree about who is in the cluster (${distinct.size} different member lists)`,
		evidence: views.map((v) => `${v.name} sees: ${named(v.ids)}`),
		next: `compare with etcdctl member list ${etcdctlOn('a healthy member', input)}; remove or re-add the odd member (etcdctl member remove/add) and restart it with its data dir moved aside`,
	};
}

/** Members that follow different leaders. */
export function splitLeader(input: DiagnoseInput): Finding | null {
	const views = input.details.flatMap((d) =>
		d.leaderId && !isDown(d) ? [{ name: d.name, leader: d.leaderId }] : [],
	);
	if (new Set(views.map((v) => v.leader)).size <= 1) return null;
	return {
		severity: 'error',
		host: null,
		summary: 'members do not agree on the leader: some cannot hear the others',
		evidence: views.map((v) => `${v.name} follows ${memberName(input.details, v.leader)}`),
		next: 'check that every member reaches every other on the peer port (etcd-wizard check <cluster.yaml>)',
	};
}

/** The member whose cluster address is `ip`: from the configured addresses, then the member lists. */
function nameOf(input: DiagnoseInput, ip: string): string | undefined {
	for (const [name, address] of input.ips) if (address === ip) return name;
	for (const details of input.details)
		for (const member of details.memberList ?? [])
			if (member.name && member.peerURLs.some((url) => url.includes(`//${ip}:`)))
				return member.name;
	return undefined;
}

function memberName(details: readonly MemberDetails[], id: string): string {
	for (const d of details)
		for (const m of d.memberList ?? []) if (m.id === id && m.name) return m.name;
	return id;
}

function joinNames(names: readonly string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
