import { SshError } from './errors.js';

/** Where a connection attempt went, for messages. */
export interface ConnectTarget {
	readonly name: string;
	readonly address: string;
	readonly port: number;
	readonly user: string;
	/** Which credentials were offered (from the identity), e.g. `identity file /x/id`. */
	readonly credentials: string;
}

/** An error as ssh2 and node:net raise them. */
type RawError = Error & { level?: string; code?: string | number };

/** Turns an ssh2 or socket error during connect into an SshError that names host and port. */
export function connectError(target: ConnectTarget, error: RawError): SshError {
	const { name, address, port, user } = target;
	const at = `${address}:${port}`;
	const make = (message: string, hint: string) =>
		new SshError(name, message, hint, { cause: error });
	const code = typeof error.code === 'string' ? error.code : '';
	if (code === 'ECONNREFUSED') {
		return make(
			`connection to ${name} (${at}) refused`,
			`check that sshd runs on ${name} and listens on port ${port} (ssh.port)`,
		);
	}
	if (error.level === 'client-dns' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return make(
			`cannot resolve the address ${address} of ${name} (port ${port})`,
			`check the address of ${name} in the cluster file and your DNS`,
		);
	}
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
		return make(
			`no route to ${name} (${at})`,
			`check that ${name} is up and that this machine can reach ${address} (VPN, routes)`,
		);
	}
	if (code === 'ETIMEDOUT' || error.level === 'client-timeout') {
		return timeoutError(target, undefined, error);
	}
	if (error.level === 'client-authentication') {
		return make(
			`authentication as ${user} on ${name} (${at}) failed with ${target.credentials}`,
			`check that the matching public key is in ~${user}/.ssh/authorized_keys on ${name} and that ssh.user is right`,
		);
	}
	if (error.level === 'agent') {
		return make(
			`the ssh-agent failed while logging in to ${name} (${at}): ${error.message}`,
			'check that SSH_AUTH_SOCK points at a running ssh-agent holding your key',
		);
	}
	return make(
		`SSH connection to ${name} (${at}) failed: ${error.message}`,
		`check that ${address}:${port} is an SSH server reachable from here`,
	);
}

/** No complete handshake within the connect timeout (or keepalives unanswered). */
export function timeoutError(
	target: Pick<ConnectTarget, 'name' | 'address' | 'port'>,
	ms?: number,
	cause?: unknown,
): SshError {
	const { name, address, port } = target;
	const within = ms === undefined ? 'in time' : `within ${ms / 1000} s`;
	return new SshError(
		name,
		`no SSH answer from ${name} (${address}:${port}) ${within}`,
		`check that ${name} is up and that no firewall drops port ${port}`,
		cause === undefined ? undefined : { cause },
	);
}
