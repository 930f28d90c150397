import type { DiagnoseInput, MemberDetails } from '../../../../source/health/diagnosis/index.js';
import { summarizeCluster } from '../../../../source/health/index.js';
import type { MemberCheck } from '../../../../source/health/types.js';
import { healthyCheck, IDS, LIST } from '../fixtures.js';

export { IDS, LIST };

/** This machine's clock in the fixtures. */
export const NOW = Date.parse('2026-11-21T12:00:00Z');
export const NAMES = ['etcd1', 'etcd2', 'etcd3'] as const;
export const IPS = new Map(NAMES.map((name, i) => [name, `10.88.0.1${i + 1}`]));

/** A member's details as a healthy, running member's. */
export function details(i: number, overrides: Partial<MemberDetails> = {}): MemberDetails {
	return {
		name: NAMES[i] ?? `etcd${i + 1}`,
		error: null,
		unit: { activeState: 'active', subState: 'running', result: 'success', restarts: 0 },
		journal: [],
		dataDir: '/var/lib/etcd',
		dataFreeKiB: 10_000_000,
		clockOffsetMs: 3,
		clockUncertaintyMs: 2,
		certificates: [
			{
				file: '/etc/etcd/server.crt',
				commonName: NAMES[i] ?? '',
				notAfter: '2027-11-21T12:00:00.000Z',
				ips: [],
			},
		],
		memberList: LIST,
		leaderId: IDS[1],
		...overrides,
	};
}

/** A diagnose input from checks (healthy by default) and details. */
export function input(
	checks: readonly MemberCheck[] = [0, 1, 2].map((i) => healthyCheck(i)),
	memberDetails: readonly MemberDetails[] = [0, 1, 2].map((i) => details(i)),
	overrides: Partial<DiagnoseInput> = {},
): DiagnoseInput {
	return {
		health: summarizeCluster('lab', checks),
		details: memberDetails,
		ips: IPS,
		peerPort: 2380,
		quotaBytes: 2 * 1024 ** 3,
		now: NOW,
		...overrides,
	};
}

/** A journal line at `secondsAgo` before NOW, in `journalctl -o short-unix` form with zap JSON. */
export function zapLine(
	secondsAgo: number,
	level: string,
	msg: string,
	fields: Record<string, string> = {},
): string {
	const at = (NOW - secondsAgo * 1000) / 1000;
	return `${at.toFixed(6)} etcd1 etcd[312]: ${JSON.stringify({ level, ts: 'x', msg, ...fields })}`;
}
