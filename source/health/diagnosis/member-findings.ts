import type { MemberHealth } from '../types.js';
import { whyLines } from './journal.js';
import type { DiagnoseInput, Finding, MemberDetails } from './types.js';

const DAY_MS = 86_400_000;
/** Certificates that run out sooner than this are worth a warning. */
export const EXPIRY_WARNING_DAYS = 30;
/** Clocks further apart than this upset leases and make logs hard to line up. */
export const CLOCK_SKEW_LIMIT_MS = 1000;
/** A database this full of its quota is worth a warning before NOSPACE stops writes. */
export const QUOTA_WARNING_RATIO = 0.8;

/** The unit is not running: stopped, failed, or restarting in a loop. */
export function isDown(details: MemberDetails | undefined): boolean {
	const unit = details?.unit;
	if (!unit) return false;
	return unit.activeState !== 'active' || unit.subState !== 'running';
}

/** etcd's unit is not running on the member: its state and the journal lines that say why. */
export function memberDown(details: MemberDetails): Finding | null {
	const unit = details.unit;
	if (!unit || !isDown(details)) return null;
	const state = `${unit.activeState}/${unit.subState}`;
	const result = unit.result === 'success' ? '' : `, last result ${unit.result}`;
	const restarts = unit.restarts > 0 ? `, restarted ${unit.restarts} times` : '';
	const failing = unit.activeState === 'failed' || unit.result !== 'success' || unit.restarts > 0;
	return {
		severity: 'error',
		host: details.name,
		summary: `${details.name}: etcd is not running (unit etcd.service ${state}${result}${restarts})`,
		evidence: whyLines(details.journal).map((line) => `journal: ${line}`),
		next: failing
			? `read the journal on ${details.name} (sudo journalctl -u etcd -n 50), fix the cause, then: sudo systemctl restart etcd`
			: `start it on ${details.name}: sudo systemctl start etcd (or run etcd-wizard apply)`,
	};
}

/** The details could not be gathered: SSH to the host failed. */
export function hostUnreachable(details: MemberDetails): Finding | null {
	if (details.error === null) return null;
	return {
		severity: 'error',
		host: details.name,
		summary: `${details.name}: could not look at the host over SSH (${details.error})`,
		evidence: [],
		next: `check that ${details.name} is up and sshd answers (ssh to it by hand)`,
	};
}

/** The member's server certificate did not pass the TLS check of the health pass. */
export function certificateTrouble(row: MemberHealth): Finding | null {
	if (!row.error || !/certificate/i.test(row.error)) return null;
	return {
		severity: 'error',
		host: row.name,
		summary: `${row.name}: certificate trouble: ${row.error}`,
		evidence: [],
		next: `re-issue ${row.name}'s certificates: etcd-wizard rekey <cluster.yaml> --member ${row.name}`,
	};
}

/** TLS errors in the journal: a peer certificate that lacks an address, or an expired one. */
export function peerCertificateTrouble(details: MemberDetails): Finding | null {
	const lines = details.journal.map((l) => l.text);
	const missing = lines
		.map((l) => /x509: certificate is valid for ([^,]+(?:, [^,]+)*), not ([^\s"),]+)/.exec(l))
		.find((m) => m !== null);
	const expired = lines.find((l) => /x509: certificate has expired/.test(l));
	if (!missing && !expired) return null;
	const why = missing
		? `a certificate does not name ${missing[2]} (it names ${missing[1]})`
		: 'a peer presented an expired certificate';
	return {
		severity: 'error',
		host: details.name,
		summary: `${details.name}: TLS with a peer fails: ${why}`,
		evidence: [missing?.[0] ?? expired ?? ''].map((l) => `journal: ${l}`),
		next: 'renew the certificates with the right addresses: etcd-wizard rekey <cluster.yaml>',
	};
}

/** Certificates under the config dir that have run out or run out within 30 days. */
export function certificateExpiry(details: MemberDetails, now: number): Finding[] {
	return details.certificates.flatMap((cert): Finding[] => {
		const days = Math.floor((Date.parse(cert.notAfter) - now) / DAY_MS);
		if (days >= EXPIRY_WARNING_DAYS) return [];
		const expired = days < 0;
		return [
			{
				severity: expired ? 'error' : 'warning',
				host: details.name,
				summary: expired
					? `${details.name}: ${cert.file} (${cert.commonName}) expired on ${cert.notAfter.slice(0, 10)}`
					: `${details.name}: ${cert.file} (${cert.commonName}) expires in ${days} days (${cert.notAfter.slice(0, 10)})`,
				evidence: [],
				next: `renew it: etcd-wizard rekey <cluster.yaml> --member ${details.name}`,
			},
		];
	});
}

/** The host's clock is more than a second off this machine's. */
export function clockSkew(details: MemberDetails): Finding | null {
	const offset = details.clockOffsetMs;
	if (
		offset === null ||
		Math.abs(offset) - (details.clockUncertaintyMs ?? 0) <= CLOCK_SKEW_LIMIT_MS
	)
		return null;
	const seconds = (Math.abs(offset) / 1000).toFixed(1);
	return {
		severity: 'warning',
		host: details.name,
		summary: `${details.name}: its clock is ${seconds} s ${offset > 0 ? 'ahead of' : 'behind'} this machine's`,
		evidence: [],
		next: `run time sync on ${details.name} (systemd-timesyncd or chrony) and check timedatectl`,
	};
}

/**
 * Where and how to run etcdctl against a member: etcd answers only TLS with a client
 * certificate, which the env file etcd-wizard writes on each member names.
 */
export function etcdctlOn(host: string, input: Pick<DiagnoseInput, 'etcdctlEnv'>): string {
	const env = input.etcdctlEnv ?? '<confDir>/etcdctl.env';
	return `on ${host} as root, after \`set -a; . ${env}; set +a\``;
}

/** NOSPACE or CORRUPT (or any) alarm the member raised. */
export function alarms(row: MemberHealth, input: DiagnoseInput): Finding | null {
	if (row.alarms.length === 0) return null;
	const nospace = row.alarms.includes('NOSPACE');
	const corrupt = row.alarms.includes('CORRUPT');
	return {
		severity: 'error',
		host: row.name,
		summary: `${row.name}: alarm ${row.alarms.join(', ')} is raised${nospace ? ': the database hit its quota and etcd refuses writes' : ''}${corrupt ? ': its data differs from the other members' : ''}`,
		evidence: [],
		next: corrupt
			? `replace ${row.name}'s data from a healthy member (remove and re-add the member), then ${etcdctlOn(row.name, input)}: etcdctl alarm disarm`
			: `free space, then lift the alarm: ${etcdctlOn(row.name, input)}: etcdctl compact <revision> (the one etcdctl endpoint status -w json shows); etcdctl defrag; etcdctl alarm disarm. Or raise quota-backend-bytes in etcd.settings, run etcd-wizard apply <cluster.yaml>, then disarm`,
	};
}

/** The database is near quota-backend-bytes. */
export function nearQuota(row: MemberHealth, input: DiagnoseInput): Finding | null {
	if (row.dbSize === null || row.dbSize < input.quotaBytes * QUOTA_WARNING_RATIO) return null;
	const percent = Math.round((row.dbSize / input.quotaBytes) * 100);
	return {
		severity: 'warning',
		host: row.name,
		summary: `${row.name}: the database is at ${percent}% of its quota (${mib(row.dbSize)} of ${mib(input.quotaBytes)}); at 100% etcd raises NOSPACE and refuses writes`,
		evidence: [],
		next: `compact and defragment (${etcdctlOn(row.name, input)}: etcdctl compact <revision>, the one etcdctl endpoint status -w json shows; etcdctl defrag), or raise quota-backend-bytes in etcd.settings and run etcd-wizard apply <cluster.yaml>`,
	};
}

function mib(bytes: number): string {
	return `${Math.round(bytes / 1048576)} MiB`;
}
