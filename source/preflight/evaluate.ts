import type { ClusterSpec } from '../cluster/types.js';
import { memberIpv4 } from '../plan/member-address.js';
import type { HostFacts } from '../shell/facts.js';
import { etcdCheck, plannerFindings } from './etcd-checks.js';
import { firewallCheck } from './firewall.js';
import {
	addressChecks,
	clockCheck,
	diskCheck,
	interfacePass,
	memoryCheck,
	portChecks,
	spaceCheck,
	sshCheck,
	systemPass,
} from './host-checks.js';
import { type Member, reachChecks } from './reach-checks.js';
import { finding } from './result.js';
import { rttChecks, tuningAdvice, tuningCheck } from './tuning.js';
import { CHECK_IDS, type CheckReport, type CheckResult, type HostMeasurements } from './types.js';

/** What the checks are evaluated on: the cluster file, each host's facts and measurements. */
export interface CheckInput {
	readonly spec: ClusterSpec;
	readonly facts: ReadonlyMap<string, HostFacts>;
	readonly measurements: ReadonlyMap<string, HostMeasurements>;
	/** This cluster's initial-cluster-token (from the CA beside the cluster file), if it has one. */
	readonly token: string | undefined;
}

/** Pure: every check's verdict from what was gathered and measured, in the report's order. */
export function evaluateChecks(input: CheckInput): CheckReport {
	const { spec, facts, measurements, token } = input;
	const planner = plannerFindings(spec, facts, token);
	const flagged = (check: string, host: string) =>
		planner.some((r) => r.check === check && (r.host ?? '').split(', ').includes(host));
	const rows: CheckResult[] = [...planner];
	const members: Member[] = [];
	const addresses: { name: string; address: string; prefixLength: number }[] = [];
	for (const host of spec.hosts) {
		const hostFacts = facts.get(host.name);
		if (!hostFacts) continue;
		const m = measurements.get(host.name) ?? {};
		rows.push(sshCheck(spec, host.name, host.address));
		if (!flagged('system', host.name)) rows.push(systemPass(host.name, hostFacts));
		const address = memberIpv4(spec, host.name, hostFacts);
		if (address && !flagged('interface', host.name)) {
			rows.push(interfacePass(spec, host.name, hostFacts));
			members.push({ name: host.name, ip: address.address });
			addresses.push({ name: host.name, ...address });
			rows.push(...rttChecks(host.name, m.pings ?? []));
		}
		rows.push(...portChecks(spec, host.name, hostFacts, token));
		rows.push(...measuredChecks(host.name, m));
		rows.push(spaceCheck(spec, host.name, hostFacts.dataFreeKiB));
		rows.push(memoryCheck(host.name, hostFacts.memTotalKiB));
		if (!flagged('etcd', host.name)) rows.push(etcdCheck(spec, host.name, hostFacts, token));
	}
	rows.push(...addressChecks(spec, addresses));
	const reach = reachChecks(spec, members, measurements);
	rows.push(...reach.rows);
	for (const [host, m] of measurements) {
		if (m.firewalls) rows.push(firewallCheck(spec, host, m, reach.blocked.has(host)));
	}
	const tuning = members.length >= 2 ? tuningAdvice(spec, measurements) : null;
	if (tuning) rows.push(tuningCheck(tuning));
	const checks = sortRows(spec, rows);
	return {
		cluster: spec.name,
		ok: !checks.some((c) => c.verdict === 'fail'),
		checks,
		tuning,
	};
}

/** The disk and clock, or why they were not measured. */
function measuredChecks(host: string, m: HostMeasurements): CheckResult[] {
	const unmeasured = (check: 'disk' | 'clock', what: string, error: string) =>
		finding(
			'warn',
			check,
			host,
			`${host}: ${what} not measured: ${error}`,
			'run check again; if it repeats, look at the SSH connection to the host',
		);
	const rows: CheckResult[] = [];
	if (m.disk) rows.push(diskCheck(host, m.disk));
	else if (m.errors?.host) {
		rows.push(unmeasured('disk', 'disk, round trip and firewall were', m.errors.host));
	}
	if (m.clock) rows.push(clockCheck(host, m.clock));
	else if (m.errors?.clock) rows.push(unmeasured('clock', 'the clock was', m.errors.clock));
	return rows;
}

/** By check (CHECK_IDS order), then host (cluster-wide first, then the file's order). */
function sortRows(spec: ClusterSpec, rows: readonly CheckResult[]): CheckResult[] {
	const hostIndex = (name: string | null | undefined) =>
		name === null || name === undefined
			? -1
			: spec.hosts.findIndex((h) => h.name === name.split(', ')[0]);
	return rows
		.map((row, index) => ({ row, index }))
		.sort(
			(a, b) =>
				CHECK_IDS.indexOf(a.row.check) - CHECK_IDS.indexOf(b.row.check) ||
				hostIndex(a.row.host) - hostIndex(b.row.host) ||
				hostIndex(a.row.from) - hostIndex(b.row.from) ||
				a.index - b.index,
		)
		.map(({ row }) => row);
}
