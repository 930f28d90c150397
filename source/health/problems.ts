import { isIPv6 } from 'node:net';
import type { MemberEndpoint } from './types.js';

/** A reason a member is not healthy, already worded for the operator (it names the member). */
export class MemberProblem extends Error {
	override readonly name = 'MemberProblem';
}

/** The chain did not lead to the CA the operator gave: the member runs another CA's certificate. */
const UNTRUSTED = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_SIGNATURE_FAILURE',
	'CERT_UNTRUSTED',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** TLS alerts a server sends when it will not take the client's certificate. */
const CLIENT_CERT_ALERT =
	/^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(?:BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED)$/;
/** Errors of a connection attempt: a dialer that hands over an unconnected socket shows them late. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);
const HUNG_UP = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_SOCKET_CLOSED']);

/** `ip:port` of a member, as the messages and its endpoint name it ([ip]:port for IPv6). */
export function address(member: MemberEndpoint): string {
	return `${isIPv6(member.ip) ? `[${member.ip}]` : member.ip}:${member.clientPort}`;
}

export function unreachable(member: MemberEndpoint, reason: string): MemberProblem {
	return new MemberProblem(`cannot reach ${member.name} at ${address(member)}: ${reason}`);
}

/** The error for a server certificate that does not name the member's IP. */
export function wrongSubject(member: MemberEndpoint, subjectAltNames: string | undefined) {
	return new MemberProblem(
		`certificate of ${member.name} does not cover ${member.ip} (SANs: ${subjectAltNames || 'none'}); ` +
			`re-issue it with that IP: etcd-wizard rekey <cluster.yaml> --member ${member.name}`,
	);
}

/**
 * Words a connection failure (TLS or socket) for the operator. `secure` says whether the TLS
 * handshake had completed: a reset before it is the member not being there, after it is etcd
 * hanging up on us.
 */
export function connectionProblem(
	member: MemberEndpoint,
	error: unknown,
	secure: boolean,
): MemberProblem {
	if (error instanceof MemberProblem) return error;
	const code = (error as { code?: unknown } | null)?.code;
	const reason = reasonOf(error);
	const name = member.name;
	if (typeof code === 'string') {
		if (UNTRUSTED.has(code)) {
			return new MemberProblem(
				`certificate of ${name} at ${address(member)} is not signed by the cluster CA (${reason}); ` +
					`check that the cluster file's pki dir is the one this cluster was set up with (if it is, etcd-wizard apply <cluster.yaml> puts its certificates back on ${name})`,
			);
		}
		if (OUT_OF_DATE.has(code)) {
			return new MemberProblem(
				`certificate of ${name} at ${address(member)} is not valid now (${reason}); ` +
					`check the clocks of this machine and ${name}, or renew it: etcd-wizard rekey <cluster.yaml> --member ${name}`,
			);
		}
		if (CLIENT_CERT_ALERT.test(code)) {
			return new MemberProblem(
				`${name} at ${address(member)} refused the client certificate (${reason}); ` +
					`check that admin.crt in the cluster file's pki dir is signed by the CA ${name} trusts and has not expired`,
			);
		}
		if (UNREACHABLE.has(code)) return unreachable(member, reason);
	}
	if (secure) {
		return new MemberProblem(`${name} at ${address(member)} closed the connection: ${reason}`);
	}
	if (HUNG_UP.has(code as string)) {
		return new MemberProblem(
			`${name} at ${address(member)} hung up during the TLS handshake (${reason}); ` +
				`check that etcd serves TLS on port ${member.clientPort}`,
		);
	}
	return new MemberProblem(`TLS with ${name} at ${address(member)} failed: ${reason}`);
}

/** OpenSSL's messages are multi-line dumps; their `reason` ("wrong version number") says it all. */
function reasonOf(error: unknown): string {
	const { reason, message } = (error ?? {}) as { reason?: unknown; message?: unknown };
	if (typeof reason === 'string' && reason !== '') return reason;
	return typeof message === 'string' ? message : String(error);
}
