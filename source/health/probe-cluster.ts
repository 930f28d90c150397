import { probeMember } from './probe-member.js';
import type {
	ClientIdentity,
	ClusterHealth,
	Dial,
	ListedMember,
	MemberCheck,
	MemberEndpoint,
	MemberHealth,
	ProbeOptions,
} from './types.js';

/**
 * Checks every member at once (one stream each) and sums the rows up as `health --json` prints
 * them. Rejects only when `options.signal` aborts.
 */
export async function probeCluster(
	clusterName: string,
	members: readonly MemberEndpoint[],
	identity: ClientIdentity,
	dial: Dial,
	options: ProbeOptions = {},
): Promise<ClusterHealth> {
	const checks = await Promise.all(members.map((m) => probeMember(m, identity, dial, options)));
	return summarizeCluster(clusterName, checks);
}

/**
 * Joins the members' own views into the cluster's: the leader and cluster ID most healthy
 * members agree on, quorum counted over the voting members of the member list (the configured
 * members when no member could list them), and what the list knows of members that did not answer.
 */
export function summarizeCluster(
	clusterName: string,
	checks: readonly MemberCheck[],
): ClusterHealth {
	// Healthy members' views first: they are the ones in touch with the leader.
	const trusted = [...checks.filter((c) => c.healthy), ...checks.filter((c) => !c.healthy)];
	const list = trusted.find((c) => c.memberList)?.memberList;
	const clusterId = mostCommon(trusted.map((c) => c.clusterIdHex));
	const leaderId = mostCommon(trusted.map((c) => c.leaderId));
	const rows = checks.map((check) => memberRow(check, list, clusterId));
	const voters = list ? list.filter((m) => !m.isLearner).length : rows.length;
	const healthyVoters = rows.filter((r) => r.healthy && !r.isLearner).length;
	const leader =
		leaderId === null
			? null
			: list?.find((m) => m.id === leaderId)?.name ||
				rows.find((r) => r.id === leaderId)?.name ||
				leaderId;
	return {
		cluster: {
			name: clusterName,
			healthy: rows.length > 0 && rows.every((r) => r.healthy),
			quorum: voters > 0 && healthyVoters > voters / 2,
			leader,
			clusterId,
			members: list?.length ?? rows.length,
		},
		members: rows,
	};
}

/** The plain row of a check (no extras), with the ID the member list gives a silent member. */
function memberRow(
	check: MemberCheck,
	list: readonly ListedMember[] | undefined,
	clusterId: string | null,
): MemberHealth {
	const { memberList: _list, leaderId: _leader, clusterIdHex, ...row } = check;
	if (clusterIdHex !== undefined && clusterId !== null && clusterIdHex !== clusterId) {
		const error = `${row.name} belongs to another cluster (ID ${clusterIdHex}, the others are in ${clusterId}); check its address in the cluster file`;
		return { ...row, healthy: false, error };
	}
	if (row.id !== null || !list) return row;
	const listed = list.find((m) => m.name === row.name || m.clientURLs.includes(row.endpoint));
	return listed ? { ...row, id: listed.id, isLearner: listed.isLearner } : row;
}

/** The value most entries name (the first one on a tie); null when none names one. */
function mostCommon(values: readonly (string | undefined)[]): string | null {
	const counts = new Map<string, number>();
	for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
	let best: string | null = null;
	for (const [value, count] of counts)
		if (best === null || count > (counts.get(best) ?? 0)) best = value;
	return best;
}
