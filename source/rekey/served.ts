import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:tls';
import type { ClientIdentity } from '../health/index.js';

/**
 * The serial (lower-case hex) of the certificate a member presents on a dialed stream. The
 * chain is checked against `identity.caCert` (which may be a bundle); the name is not, since
 * the peer port's certificate names the member only by IP and the stream is a tunnel.
 */
export async function servedSerial(
	stream: Duplex,
	identity: ClientIdentity,
	signal: AbortSignal,
): Promise<string> {
	const socket = connect({
		socket: stream,
		ca: identity.caCert,
		cert: identity.cert,
		key: identity.key,
		checkServerIdentity: () => undefined,
	});
	const close = () => {
		socket.destroy();
		stream.destroy();
	};
	signal.addEventListener('abort', close, { once: true });
	try {
		await new Promise<void>((resolve, reject) => {
			socket.once('secureConnect', resolve);
			socket.once('error', reject);
			socket.once('close', () => reject(new Error('connection closed during the TLS handshake')));
		});
		const certificate = socket.getPeerX509Certificate();
		if (!certificate) throw new Error('no certificate was presented');
		return certificate.serialNumber.toLowerCase();
	} finally {
		signal.removeEventListener('abort', close);
		socket.on('error', () => {});
		close();
	}
}

/** How to reach one port of one member, and what it must present. */
export interface ServedCheck {
	/** e.g. `etcd1 client port 10.88.0.11:2379`, for messages. */
	readonly label: string;
	readonly dial: () => Promise<Duplex>;
	readonly identity: ClientIdentity;
	/** Lower-case hex. */
	readonly serial: string;
}

/**
 * Handshakes until the member presents the certificate with `check.serial`, or rejects once
 * `deadlineMs` has passed, saying what it presented instead (or why no handshake worked).
 */
export async function waitUntilServed(
	check: ServedCheck,
	options: {
		readonly deadlineMs: number;
		readonly intervalMs?: number;
		readonly signal?: AbortSignal;
	},
): Promise<void> {
	const deadline = performance.now() + options.deadlineMs;
	let last = 'nothing was tried';
	for (;;) {
		const timeout = AbortSignal.timeout(5000);
		const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
		try {
			const serial = await servedSerial(await check.dial(), check.identity, signal);
			if (serial === check.serial) return;
			last = `it presents serial ${serial}`;
		} catch (error) {
			options.signal?.throwIfAborted();
			last = `the TLS handshake failed: ${(error as Error).message}`;
		}
		if (performance.now() >= deadline) {
			throw new Error(
				`${check.label} does not present the new certificate (serial ${check.serial}) after ${duration(options.deadlineMs)}: ${last}`,
			);
		}
		await sleep(
			options.intervalMs ?? 250,
			undefined,
			options.signal ? { signal: options.signal } : {},
		);
	}
}

function duration(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
