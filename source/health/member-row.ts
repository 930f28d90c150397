import type { GatewayAlarm, GatewayHealth, GatewayStatus } from './gateway-json.js';
import { address } from './problems.js';
import type { ListedMember, MemberCheck, MemberEndpoint, MemberHealth } from './types.js';

/** What one pass over a member's gateway gathered; each part stays unset when it was not reached. */
export interface Gathered {
	status?: GatewayStatus;
	latencyMs?: number;
	memberList?: ListedMember[];
	health?: GatewayHealth;
	alarms?: GatewayAlarm[];
}

/**
 * The member's row from whatever was gathered. `problem` is why the pass stopped early, if it
 * did; a pass that got every answer can still find the member unhealthy.
 */
export function memberRow(
	member: MemberEndpoint,
	got: Gathered,
	problem: string | null,
): MemberCheck {
	const { status, memberList, health } = got;
	const id = status?.memberId ?? null;
	const listed = memberList?.find((m) => m.id === id);
	const alarms = (got.alarms ?? []).filter((a) => a.memberId === id).map((a) => a.alarm);
	const errors = status?.errors ?? [];
	const healthy =
		problem === null && health?.healthy === true && errors.length === 0 && alarms.length === 0;
	const row: MemberHealth = {
		name: member.name,
		endpoint: `https://${address(member)}`,
		id,
		version: status?.version ?? null,
		dbSize: status?.dbSize ?? null,
		dbSizeInUse: status?.dbSizeInUse ?? null,
		isLeader: status !== undefined && status.leaderId === status.memberId,
		isLearner: status?.isLearner === true || listed?.isLearner === true,
		raftTerm: status?.raftTerm ?? null,
		raftIndex: status?.raftIndex ?? null,
		raftAppliedIndex: status?.raftAppliedIndex ?? null,
		errors,
		alarms,
		healthy,
		latencyMs: got.latencyMs ?? null,
		error: healthy ? null : (problem ?? unhealthyReason(member, health, errors, alarms)),
	};
	return {
		...row,
		...(memberList ? { memberList } : {}),
		...(status?.leaderId ? { leaderId: status.leaderId } : {}),
		...(status ? { clusterIdHex: status.clusterId } : {}),
	};
}

/** Why a member that answered every call is still not healthy. */
function unhealthyReason(
	member: MemberEndpoint,
	health: GatewayHealth | undefined,
	errors: readonly string[],
	alarms: readonly string[],
): string {
	const reasons: string[] = [];
	if (alarms.length > 0) {
		reasons.push(
			`alarm ${alarms.join(', ')} is active (after fixing the cause: etcdctl alarm disarm)`,
		);
	}
	if (errors.length > 0) reasons.push(errors.join(', '));
	if (reasons.length === 0) {
		// etcd 3.5+ says why; 3.4's only other cause is a read through raft that failed.
		reasons.push(
			health?.reason
				? `/health: ${health.reason}`
				: '/health says false (a read through raft failed: it may have lost its peers)',
		);
	}
	const noLeader = errors.some((e) => e.includes('no leader'));
	const hint = noLeader ? ' (it cannot reach a quorum of its peers)' : '';
	return `${member.name} is unhealthy: ${reasons.join('; ')}${hint}`;
}
