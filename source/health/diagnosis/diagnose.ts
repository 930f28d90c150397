import { membershipDisagreement, noQuorum, peerTrouble, splitLeader } from './cluster-findings.js';
import {
	alarms,
	certificateExpiry,
	certificateTrouble,
	clockSkew,
	hostUnreachable,
	memberDown,
	nearQuota,
	peerCertificateTrouble,
} from './member-findings.js';
import type { DiagnoseInput, Finding } from './types.js';

/**
 * What is wrong with the cluster and where, most serious first: lost quorum, members down, then
 * what keeps running members apart (certificates, peer ports, membership, leader), then what
 * will hurt soon (alarms, quota, clocks, expiring certificates). A member that is unhealthy for
 * none of these reasons still gets a finding with the health check's own words. Pure.
 */
export function diagnose(input: DiagnoseInput): Finding[] {
	const { members } = input.health;
	const detailsOf = (name: string) => input.details.find((d) => d.name === name);
	const present = <T>(value: T | null): value is T => value !== null;
	const findings: Finding[] = [
		noQuorum(input),
		...input.details.map(hostUnreachable),
		...input.details.map(memberDown),
		...members.map(certificateTrouble),
		...input.details.map(peerCertificateTrouble),
		...peerTrouble(input),
		membershipDisagreement(input),
		splitLeader(input),
		...members.map((m) => alarms(m, input)),
		...members.map((m) => nearQuota(m, input)),
		...input.details.map(clockSkew),
		...input.details.flatMap((d) => certificateExpiry(d, input.now)),
	].filter(present);
	const explained = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.host));
	for (const row of members) {
		if (row.healthy || explained.has(row.name)) continue;
		findings.push({
			severity: 'error',
			host: row.name,
			summary: row.error ?? `${row.name} is unhealthy`,
			evidence:
				detailsOf(row.name)
					?.journal.filter((l) => /warn|error/.test(l.level))
					.slice(-3)
					.map((l) => `journal: ${l.text}`) ?? [],
			next: `look at ${row.name}'s journal (sudo journalctl -u etcd -n 50) and its peers' reachability (etcd-wizard check <cluster.yaml>)`,
		});
	}
	return findings;
}

/** etcd's default quota-backend-bytes: 2 GiB. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 ** 3;

/** quota-backend-bytes from the cluster file's etcd.settings, else etcd's default. */
export function quotaBytes(settings: Readonly<Record<string, unknown>>): number {
	const value = Number(settings['quota-backend-bytes']);
	return Number.isFinite(value) && value > 0 ? value : DEFAULT_QUOTA_BYTES;
}
