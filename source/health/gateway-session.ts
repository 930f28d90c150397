import { Agent, type ClientRequestArgs, request } from 'node:http';
import type { Duplex } from 'node:stream';
import { checkServerIdentity, connect, type TLSSocket } from 'node:tls';
import {
	address,
	connectionProblem,
	MemberProblem,
	unreachable,
	wrongSubject,
} from './problems.js';
import type { ClientIdentity, Dial, MemberEndpoint } from './types.js';

/** A gateway answer: the HTTP status and the body parsed as JSON (null when it is not JSON). */
export interface GatewayAnswer {
	readonly status: number;
	readonly body: unknown;
}

/**
 * An HTTP/1.1 keep-alive session with one member's JSON gateway over a single dialed stream
 * (one SSH channel) with mutual TLS. Requests run one after the other on it. Every failure is a
 * MemberProblem worded for the operator.
 */
export class GatewaySession {
	readonly #member: MemberEndpoint;
	readonly #stream: Duplex;
	readonly #socket: TLSSocket;
	readonly #agent: Agent;

	private constructor(member: MemberEndpoint, stream: Duplex, socket: TLSSocket) {
		this.#member = member;
		this.#stream = stream;
		this.#socket = socket;
		this.#agent = new SocketAgent(socket, member);
	}

	/**
	 * Dials the member (a stream that never comes is given up when `signal` aborts); a failure
	 * is "cannot reach <name> at <ip>:<port>: <why>".
	 */
	static async dial(member: MemberEndpoint, dial: Dial, signal: AbortSignal): Promise<Duplex> {
		signal.throwIfAborted();
		const dialing = dial(member, signal);
		let onAbort = () => {};
		const aborted = new Promise<never>((_, reject) => {
			onAbort = () => reject(signal.reason);
			signal.addEventListener('abort', onAbort, { once: true });
		});
		// A stream that arrives after we gave up is closed at once.
		dialing.then(
			(late) => signal.aborted && late.destroy(),
			() => {},
		);
		try {
			return await Promise.race([dialing, aborted]);
		} catch (error) {
			if (signal.aborted) throw signal.reason;
			throw unreachable(member, error instanceof Error ? error.message : String(error));
		} finally {
			signal.removeEventListener('abort', onAbort);
		}
	}

	/**
	 * Starts mutual TLS on a dialed stream: the server certificate must chain to the cluster CA
	 * and name the member's IP. Aborting `signal` closes the session at any point of its life.
	 */
	static async start(
		member: MemberEndpoint,
		identity: ClientIdentity,
		stream: Duplex,
		signal: AbortSignal,
	): Promise<GatewaySession> {
		if (signal.aborted) {
			stream.destroy();
			throw signal.reason;
		}
		const socket = connect({
			socket: stream,
			host: member.ip,
			servername: undefined,
			ca: identity.caCert,
			cert: identity.cert,
			key: identity.key,
			// The member is reached by IP (often through a tunnel): its certificate must name that IP.
			checkServerIdentity: (_host, cert) =>
				checkServerIdentity(member.ip, cert) && wrongSubject(member, cert.subjectaltname),
		});
		const session = new GatewaySession(member, stream, socket);
		const onAbort = () => session.close();
		signal.addEventListener('abort', onAbort, { once: true });
		socket.once('close', () => signal.removeEventListener('abort', onAbort));
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('secureConnect', resolve);
				socket.once('error', reject);
				socket.once('close', () =>
					reject(Object.assign(new Error('connection closed'), { code: 'ERR_SOCKET_CLOSED' })),
				);
			});
		} catch (error) {
			session.close();
			if (signal.aborted) throw signal.reason;
			throw connectionProblem(member, error, false);
		}
		// Errors after the handshake reach the pending request; keep a listener so none is unhandled.
		socket.on('error', () => {});
		return session;
	}

	/** Sends one request and reads the whole answer. Rejects on socket errors, not on HTTP status. */
	send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<GatewayAnswer> {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const options: ClientRequestArgs = {
			agent: this.#agent,
			method,
			host: this.#member.ip,
			port: this.#member.clientPort,
			path,
			headers: payload === undefined ? {} : { 'content-type': 'application/json' },
		};
		return new Promise<GatewayAnswer>((resolve, reject) => {
			const req = request(options, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({ status: res.statusCode ?? 0, body: parseJson(text) });
				});
			});
			req.on('error', reject);
			req.end(payload);
		}).catch((error: unknown) => {
			throw connectionProblem(this.#member, error, true);
		});
	}

	/** Closes the TLS socket and the dialed stream under it (an SSH channel is a slot to free). */
	close(): void {
		this.#agent.destroy();
		this.#socket.destroy();
		this.#stream.destroy();
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

/** An HTTP agent that hands out one existing socket and never opens another. */
class SocketAgent extends Agent {
	#socket: TLSSocket | null;
	readonly #member: MemberEndpoint;

	constructor(socket: TLSSocket, member: MemberEndpoint) {
		super({ keepAlive: true, maxSockets: 1 });
		this.#socket = socket;
		this.#member = member;
	}

	override createConnection(
		_options: ClientRequestArgs,
		callback?: (error: Error | null, stream: Duplex) => void,
	): Duplex | undefined {
		const socket = this.#socket;
		this.#socket = null;
		if (socket && !socket.destroyed) return socket;
		callback?.(
			new MemberProblem(
				`${this.#member.name} at ${address(this.#member)} closed the connection between requests`,
			),
			socket as never,
		);
		return undefined;
	}

	/** Keep the socket as it is: it is not a TCP socket (setKeepAlive, unref do not apply). */
	override keepSocketAlive(): boolean {
		return true;
	}
}
