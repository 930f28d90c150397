/**
 * Parsing of etcd's JSON gRPC gateway answers. The gateway writes 64-bit integers as decimal
 * strings and, being proto3 JSON, leaves out every field at its default (0, false, "", []):
 * a missing field means zero, never "unknown". Header fields keep their proto names
 * (`cluster_id`), message fields are camelCase (`dbSize`); both spellings are accepted.
 */
import type { ListedMember } from './types.js';

/** The fields of `/v3/maintenance/status` the health check uses. */
export interface GatewayStatus {
	readonly memberId: string;
	readonly clusterId: string;
	readonly version: string;
	readonly dbSize: number;
	readonly dbSizeInUse: number;
	/** Hex ID of the leader, or null when the member knows none (field left out: 0). */
	readonly leaderId: string | null;
	readonly raftTerm: number;
	readonly raftIndex: number;
	readonly raftAppliedIndex: number;
	readonly isLearner: boolean;
	readonly errors: readonly string[];
}

/** An alarm from `/v3/maintenance/alarm` `{"action":"GET"}`. */
export interface GatewayAlarm {
	readonly memberId: string;
	readonly alarm: string;
}

export interface GatewayHealth {
	readonly healthy: boolean;
	/** etcd 3.5+ says why it is unhealthy; 3.4 leaves this out. */
	readonly reason: string;
}

type Json = Readonly<Record<string, unknown>>;

/** Turns the gateway's decimal uint64 (string or number) into etcdctl's hex form; "" and absent are 0. */
export function memberIdHex(value: unknown): string {
	if (value === undefined || value === null || value === '') return '0';
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new TypeError(`expected a member ID, got ${JSON.stringify(value)}`);
	}
	try {
		return BigInt(value).toString(16);
	} catch {
		throw new TypeError(`expected a member ID, got ${JSON.stringify(value)}`);
	}
}

export function parseStatus(body: unknown): GatewayStatus {
	const json = object(body, 'status');
	const header = object(json.header ?? {}, 'status header');
	const leader = memberIdHex(json.leader);
	return {
		memberId: memberIdHex(field(header, 'member_id', 'memberId')),
		clusterId: memberIdHex(field(header, 'cluster_id', 'clusterId')),
		version: text(json.version, 'status version'),
		dbSize: uint64(json.dbSize, 'dbSize'),
		dbSizeInUse: uint64(json.dbSizeInUse, 'dbSizeInUse'),
		leaderId: leader === '0' ? null : leader,
		raftTerm: uint64(json.raftTerm, 'raftTerm'),
		raftIndex: uint64(json.raftIndex, 'raftIndex'),
		raftAppliedIndex: uint64(json.raftAppliedIndex, 'raftAppliedIndex'),
		isLearner: json.isLearner === true,
		errors: list(json.errors, 'errors').map((e) => text(e, 'status error')),
	};
}

export function parseMemberList(body: unknown): ListedMember[] {
	const json = object(body, 'member list');
	return list(json.members, 'members').map((entry) => {
		const member = object(entry, 'member');
		return {
			id: memberIdHex(field(member, 'ID', 'id')),
			name: text(member.name, 'member name'),
			peerURLs: list(member.peerURLs, 'peerURLs').map((u) => text(u, 'peer URL')),
			clientURLs: list(member.clientURLs, 'clientURLs').map((u) => text(u, 'client URL')),
			isLearner: member.isLearner === true,
		};
	});
}

export function parseAlarms(body: unknown): GatewayAlarm[] {
	const json = object(body, 'alarm list');
	return list(json.alarms, 'alarms').map((entry) => {
		const alarm = object(entry, 'alarm');
		return {
			memberId: memberIdHex(field(alarm, 'memberID', 'member_id')),
			// The enum's default NONE is left out like any other default.
			alarm: text(alarm.alarm, 'alarm') || 'NONE',
		};
	});
}

/** `GET /health`: {"health":"true"} (3.4), {"health":"true","reason":""} (3.5+). */
export function parseHealth(body: unknown): GatewayHealth {
	const json = object(body, 'health');
	const health = json.health;
	if (health !== 'true' && health !== 'false' && typeof health !== 'boolean') {
		throw new TypeError(`health answer without a "health" field: ${JSON.stringify(body)}`);
	}
	return { healthy: health === 'true' || health === true, reason: text(json.reason, 'reason') };
}

/** The message of a gateway error body ({"error":..,"message":..,"code":N}), if it is one. */
export function gatewayErrorMessage(body: unknown): string | null {
	if (typeof body !== 'object' || body === null) return null;
	const { message, error } = body as Json;
	if (typeof message === 'string' && message !== '') return message;
	return typeof error === 'string' && error !== '' ? error : null;
}

function field(json: Json, name: string, alias: string): unknown {
	return json[name] ?? json[alias];
}

function object(value: unknown, what: string): Json {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new TypeError(`expected a JSON object for the ${what}, got ${JSON.stringify(value)}`);
	}
	return value as Json;
}

function list(value: unknown, what: string): readonly unknown[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new TypeError(`expected a list for ${what}`);
	return value;
}

function text(value: unknown, what: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') throw new TypeError(`expected text for ${what}`);
	return value;
}

function uint64(value: unknown, what: string): number {
	if (value === undefined || value === null || value === '') return 0;
	const n = typeof value === 'string' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
		throw new TypeError(`expected a count for ${what}, got ${JSON.stringify(value)}`);
	}
	return n;
}
