import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	gatewayErrorMessage,
	parseAlarms,
	parseHealth,
	parseMemberList,
	parseStatus,
} from './gateway-json.js';
import { type GatewayAnswer, GatewaySession } from './gateway-session.js';
import { type Gathered, memberRow } from './member-row.js';
import { address, MemberProblem, unreachable } from './problems.js';
import type { ClientIdentity, Dial, MemberCheck, MemberEndpoint, ProbeOptions } from './types.js';

/** Default limit for one member's whole check. */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Checks one member through its JSON gateway on one dialed stream with mutual TLS: status
 * (timed), member list, /health and the alarm list, one after the other. Never rejects for a
 * problem of the member: it fills `error` and `healthy: false`. Rejects only when
 * `options.signal` aborts.
 */
export async function probeMember(
	member: MemberEndpoint,
	identity: ClientIdentity,
	dial: Dial,
	options: ProbeOptions = {},
): Promise<MemberCheck> {
	options.signal?.throwIfAborted();
	const timeoutMs = Math.ceil(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	const timeout = AbortSignal.timeout(timeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	const gathered: Gathered = {};
	let stage = 'connect';
	let session: GatewaySession | undefined;
	try {
		const stream = await GatewaySession.dial(member, dial, signal);
		stage = 'TLS handshake';
		session = await GatewaySession.start(member, identity, stream, signal);
		await gather(member, session, gathered, (next) => {
			stage = next;
		});
		return memberRow(member, gathered, null);
	} catch (error) {
		if (options.signal?.aborted) throw options.signal.reason;
		return memberRow(
			member,
			gathered,
			describeFailure(member, error, timeout.aborted, stage, timeoutMs),
		);
	} finally {
		session?.close();
	}
}

async function gather(
	member: MemberEndpoint,
	session: GatewaySession,
	into: Gathered,
	setStage: (stage: string) => void,
): Promise<void> {
	/** One request; `anyStatus` reads the body of a non-200 answer too. */
	const ask = async <T>(
		call: string,
		parse: (body: unknown) => T,
		body?: unknown,
		anyStatus = false,
	): Promise<T> => {
		setStage(call);
		const [method, path] = call.split(' ') as ['GET' | 'POST', string];
		const answer = await session.send(method, path, body);
		return parsed(member, call, anyStatus ? answer.body : ok(member, call, answer), parse);
	};
	const started = performance.now();
	into.status = await ask('POST /v3/maintenance/status', parseStatus, {});
	into.latencyMs = Math.round((performance.now() - started) * 10) / 10;
	into.memberList = await ask('POST /v3/cluster/member/list', parseMemberList, {});
	// etcd 3.5+ answers an unhealthy /health with 503 and a JSON reason: not a failed call.
	into.health = await ask('GET /health', parseHealth, undefined, true);
	// The alarm list goes through raft: without a leader it would only time out, and an
	// unhealthy member that still believes in a leader gets a short try that may come to nothing.
	if (into.status.leaderId === null) return;
	const alarms = ask('POST /v3/maintenance/alarm', parseAlarms, { action: 'GET' });
	into.alarms = into.health.healthy ? await alarms : await within(alarms, ALARM_TRY_MS);
}

/** How long an unhealthy member gets to list its alarms. */
const ALARM_TRY_MS = 500;

/** The answer, or undefined when it takes longer than `ms` (the caller then closes the session). */
async function within<T>(answer: Promise<T>, ms: number): Promise<T | undefined> {
	const done = new AbortController();
	const late = sleep(ms, undefined, { signal: done.signal }).catch(() => undefined);
	answer.catch(() => {});
	try {
		return await Promise.race([answer, late]);
	} finally {
		done.abort();
	}
}

/** The body of a 200 answer; any other status is a problem with the gateway's message. */
function ok(member: MemberEndpoint, call: string, answer: GatewayAnswer): unknown {
	if (answer.status === 200) return answer.body;
	const message = gatewayErrorMessage(answer.body) ?? 'no error message';
	throw new MemberProblem(`${member.name} answered ${call} with HTTP ${answer.status}: ${message}`);
}

function parsed<T>(
	member: MemberEndpoint,
	call: string,
	body: unknown,
	parse: (b: unknown) => T,
): T {
	try {
		return parse(body);
	} catch (error) {
		throw new MemberProblem(
			`${member.name} at ${address(member)} gave an unexpected answer to ${call}: ${(error as Error).message}; is that etcd's client port?`,
		);
	}
}

/** The row's `error` for a pass that stopped early. */
function describeFailure(
	member: MemberEndpoint,
	error: unknown,
	timedOut: boolean,
	stage: string,
	timeoutMs: number,
): string {
	if (timedOut) {
		const why = `no answer to the ${stage} within ${timeoutMs} ms`;
		return stage === 'connect'
			? unreachable(member, why).message
			: `${member.name} at ${address(member)}: ${why}`;
	}
	if (error instanceof MemberProblem) return error.message;
	return `${member.name} at ${address(member)}: ${error instanceof Error ? error.message : String(error)}`;
}
