import { connect, createServer, type Server } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectCertificate, type MemberMaterial } from '../../../source/pki/index.js';
import { servedSerial, waitUntilServed } from '../../../source/rekey/served.js';
import { makePki, SLOW, type TestPki } from './fixtures.js';

let pki: TestPki;
let other: TestPki;
let server: Server;
let port = 0;
/** What the listener presents at the next handshake. */
let presenting: MemberMaterial;

beforeAll(async () => {
	[pki, other] = await Promise.all([makePki(), makePki()]);
	presenting = pki.members.get('etcd1') as MemberMaterial;
	server = createServer((socket) => {
		const secureContext = createSecureContext({
			cert: presenting.serverCert,
			key: presenting.serverKey,
		});
		new TLSSocket(socket, { isServer: true, secureContext }).on('error', () => socket.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	port = typeof address === 'object' && address ? address.port : 0;
}, SLOW.timeout);

afterAll(() => server.close());

const dial = async () => {
	const socket = connect(port, '127.0.0.1');
	await new Promise((resolve) => socket.once('connect', resolve));
	return socket;
};
const identity = (from: TestPki) => ({
	caCert: from.ca.certPem,
	cert: from.admin.certPem,
	key: from.admin.keyPem,
});
const serialOf = (m: MemberMaterial) => inspectCertificate(m.serverCert).serial;

describe('servedSerial', () => {
	it('reads the serial of the certificate presented, checked against the CA given', async () => {
		presenting = pki.members.get('etcd1') as MemberMaterial;
		const serial = await servedSerial(await dial(), identity(pki), AbortSignal.timeout(5000));
		expect(serial).toBe(serialOf(presenting));
	});

	it('refuses a certificate from another CA', async () => {
		await expect(
			servedSerial(await dial(), identity(other), AbortSignal.timeout(5000)),
		).rejects.toThrow(/certificate/i);
	});
});

describe('waitUntilServed', () => {
	it('waits until the new certificate is presented', async () => {
		presenting = pki.members.get('etcd1') as MemberMaterial;
		const next = pki.members.get('etcd2') as MemberMaterial;
		// Counted, not timed: the listener presents the new certificate from the third dial on.
		let dials = 0;
		const countedDial = () => {
			dials += 1;
			if (dials === 3) presenting = next;
			return dial();
		};
		await waitUntilServed(
			{
				label: 'etcd1 client port',
				dial: countedDial,
				identity: identity(pki),
				serial: serialOf(next),
			},
			{ deadlineMs: 5000, intervalMs: 1 },
		);
		// Two handshakes saw the old certificate; it returned at the first that saw the new one.
		expect(dials).toBe(3);
	});

	it('says what is presented instead once the deadline has passed', async () => {
		presenting = pki.members.get('etcd1') as MemberMaterial;
		const wanted = serialOf(pki.members.get('etcd2') as MemberMaterial);
		// Only performance.now() is faked (the handshakes are real I/O): each dial takes 60 ms of
		// the fake clock, so the 200 ms deadline has passed after the fourth handshake (240 ms).
		vi.useFakeTimers({ toFake: ['performance'] });
		let dials = 0;
		const slowDial = () => {
			dials += 1;
			vi.advanceTimersByTime(60);
			return dial();
		};
		try {
			await expect(
				waitUntilServed(
					{
						label: 'etcd1 client port 10.88.0.11:2379',
						dial: slowDial,
						identity: identity(pki),
						serial: wanted,
					},
					{ deadlineMs: 200, intervalMs: 1 },
				),
			).rejects.toThrow(
				`etcd1 client port 10.88.0.11:2379 does not present the new certificate (serial ${wanted}) after 200 ms: it presents serial ${serialOf(presenting)}`,
			);
		} finally {
			vi.useRealTimers();
		}
		expect(dials).toBe(4);
	});
});
