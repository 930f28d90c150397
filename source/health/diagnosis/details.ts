import { performance } from 'node:perf_hooks';
import { inspectCertificate } from '../../pki/inspect.js';
import { shellQuote } from '../../shell/quote.js';
import type { HostConnection } from '../../ssh/index.js';
import type { MemberCheck } from '../types.js';
import { parseJournal } from './journal.js';
import type { CertificateExpiry, MemberDetails, UnitState } from './types.js';

/** Where a member's files are, from the cluster file. */
export interface DetailPaths {
	readonly confDir: string;
	readonly dataDir: string;
}

/** Journal lines read per pass: enough to see through raft's chatter to the warnings. */
export const JOURNAL_LINES = 60;

/**
 * One round trip (as root) for what the health view shows of a member: the unit's state and
 * restarts, free space under the data dir (or its nearest existing parent), the certificates
 * under the config dir, and the unit's last journal lines. Sections start with "@@".
 */
export function detailsScript(paths: DetailPaths): string {
	return [
		"echo '@@unit'",
		'systemctl show etcd -p ActiveState -p SubState -p Result -p NRestarts 2>/dev/null',
		"echo '@@df'",
		`d=${shellQuote(paths.dataDir)}`,
		'while [ ! -e "$d" ]; do d=$(dirname "$d"); done',
		'df -Pk "$d" | tail -n 1',
		`for f in ${shellQuote(paths.confDir)}/*.crt; do [ -f "$f" ] || continue; echo "@@cert $f"; cat "$f"; done`,
		"echo '@@journal'",
		`journalctl -u etcd -n ${JOURNAL_LINES} --no-pager -o short-unix 2>&1`,
		'',
	].join('\n');
}

/** A host clock reading against this machine's, taken around one short command. */
export interface ClockReading {
	readonly hostNs: bigint;
	readonly localBeforeMs: number;
	readonly localAfterMs: number;
}

/** Parses the script's output (pure). */
export function parseDetails(
	name: string,
	paths: DetailPaths,
	output: string,
	clock: ClockReading | null,
): MemberDetails {
	const sections = splitSections(output);
	const unitText = sections.find((s) => s.title === 'unit')?.body ?? '';
	const df = (sections.find((s) => s.title === 'df')?.body ?? '').trim().split(/\s+/);
	const free = Number(df[3]);
	const certificates = sections
		.filter((s) => s.title.startsWith('cert '))
		.flatMap((s) => certificatesOf(s.title.slice(5), s.body));
	const offset = clock ? clockOffset(clock) : null;
	return {
		name,
		error: null,
		unit: parseUnit(unitText),
		journal: parseJournal(sections.find((s) => s.title === 'journal')?.body ?? ''),
		dataDir: paths.dataDir,
		dataFreeKiB: Number.isFinite(free) && df.length >= 4 ? free : null,
		clockOffsetMs: offset?.offset ?? null,
		clockUncertaintyMs: offset?.uncertainty ?? null,
		certificates,
	};
}

/**
 * Gathers a member's details over its SSH connection, the clock read in a separate short
 * command so the reading's uncertainty is half a round trip, not the script's run time. Never
 * rejects for the host's trouble (it fills `error`); rejects when `signal` aborts.
 */
export async function gatherDetails(
	connection: HostConnection,
	paths: DetailPaths,
	signal?: AbortSignal,
): Promise<MemberDetails> {
	const options = { timeoutMs: 10_000, ...(signal ? { signal } : {}) };
	const readClock = async (): Promise<ClockReading> => {
		const localBeforeMs = performance.timeOrigin + performance.now();
		const result = await connection.exec('date +%s%N', { ...options, check: true });
		const localAfterMs = performance.timeOrigin + performance.now();
		return { hostNs: BigInt(result.stdout.trim()), localBeforeMs, localAfterMs };
	};
	try {
		const [script, clock] = await Promise.all([
			connection.exec('sh -s', { ...options, sudo: true, stdin: detailsScript(paths) }),
			readClock().catch(() => null),
		]);
		return parseDetails(connection.host, paths, script.stdout, clock);
	} catch (error) {
		signal?.throwIfAborted();
		return {
			...parseDetails(connection.host, paths, '', null),
			error: error instanceof Error ? error.message : String(error),
		};
	}
}

/** Details with the member list and leader the member reported in its health check. */
export function withMemberView(
	details: MemberDetails,
	check: MemberCheck | undefined,
): MemberDetails {
	return {
		...details,
		...(check?.memberList ? { memberList: check.memberList } : {}),
		...(check?.leaderId ? { leaderId: check.leaderId } : {}),
	};
}

function clockOffset(clock: ClockReading): { offset: number; uncertainty: number } {
	const hostMs = Number(clock.hostNs / 1_000_000n);
	const middle = (clock.localBeforeMs + clock.localAfterMs) / 2;
	return {
		offset: Math.round(hostMs - middle),
		uncertainty: Math.ceil((clock.localAfterMs - clock.localBeforeMs) / 2),
	};
}

function splitSections(output: string): { title: string; body: string }[] {
	const sections: { title: string; body: string }[] = [];
	for (const line of output.split('\n')) {
		if (line.startsWith('@@')) sections.push({ title: line.slice(2), body: '' });
		else {
			const last = sections[sections.length - 1];
			if (last) last.body += `${line}\n`;
		}
	}
	return sections;
}

function parseUnit(text: string): UnitState | null {
	const values = new Map(
		text
			.split('\n')
			.filter((l) => l.includes('='))
			.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
	);
	const activeState = values.get('ActiveState');
	if (!activeState) return null;
	return {
		activeState,
		subState: values.get('SubState') ?? '',
		result: values.get('Result') ?? '',
		restarts: Number(values.get('NRestarts') ?? 0) || 0,
	};
}

/** Every certificate in a PEM file (a CA bundle holds two during a CA rotation). */
function certificatesOf(file: string, pem: string): CertificateExpiry[] {
	const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
	return blocks.flatMap((block) => {
		try {
			const info = inspectCertificate(block);
			return [
				{
					file,
					commonName: info.commonName,
					notAfter: info.notAfter.toISOString(),
					ips: info.sans.ips,
				},
			];
		} catch {
			return [];
		}
	});
}
