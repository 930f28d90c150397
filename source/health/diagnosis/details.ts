import { performance } from 'node:perf_hooks';
import { inspectCertificate } from '../../pki/inspect.js';
import {
	type DetailPaths,
	type MemberDetailsOutput,
	memberDetailsScript,
	parseMemberDetails,
} from '../../shell/member-details-script.js';
import type { HostConnection } from '../../ssh/index.js';
import type { MemberCheck } from '../types.js';
import { parseJournal } from './journal.js';
import type { CertificateExpiry, MemberDetails } from './types.js';

/** A host clock reading against this machine's, taken around one short command. */
export interface ClockReading {
	readonly hostNs: bigint;
	readonly localBeforeMs: number;
	readonly localAfterMs: number;
}

/**
 * A member's details from what its details script printed (`parseMemberDetails`): the
 * certificates read, the journal's lines parsed, the clock offset from `clock`.
 */
export function memberDetails(
	name: string,
	paths: DetailPaths,
	output: MemberDetailsOutput,
	clock: ClockReading | null,
): MemberDetails {
	const offset = clock ? clockOffset(clock) : null;
	return {
		name,
		error: null,
		unit: output.unit,
		journal: parseJournal(output.journal),
		dataDir: paths.dataDir,
		dataFreeKiB: output.dataFreeKiB,
		clockOffsetMs: offset?.offset ?? null,
		clockUncertaintyMs: offset?.uncertainty ?? null,
		certificates: output.certificates.flatMap(({ file, pem }) => expiryOf(file, pem)),
	};
}

/**
 * Gathers a member's details over its SSH connection in one round trip (as root), the clock
 * read in a separate short command so the reading's uncertainty is half a round trip, not the
 * script's run time. Never rejects for the host's trouble (it fills `error`); rejects when
 * `signal` aborts.
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
			connection.exec('sh -s', { ...options, sudo: true, stdin: memberDetailsScript(paths) }),
			readClock().catch(() => null),
		]);
		return memberDetails(connection.host, paths, parseMemberDetails(script.stdout), clock);
	} catch (error) {
		signal?.throwIfAborted();
		return {
			...memberDetails(connection.host, paths, parseMemberDetails(''), null),
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

/** One certificate's expiry; nothing for a block that does not parse. */
function expiryOf(file: string, pem: string): CertificateExpiry[] {
	try {
		const info = inspectCertificate(pem);
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
}
