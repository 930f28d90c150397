import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	type CertAndKey,
	createCa,
	ensurePki,
	issueClientCertificate,
	type MemberMaterial,
	type PkiBundle,
} from '../../../source/pki/index.js';
import { SLOW, tempDirs } from './helpers.js';

const etcd1 = { name: 'etcd1', ip: '10.88.0.11' };
const etcd2 = { name: 'etcd2', ip: '10.88.0.12' };
const dirs = tempDirs();
let pki: PkiBundle;
let member1: MemberMaterial;
let member2: MemberMaterial;
let stranger: CertAndKey;

beforeAll(async () => {
	const [bundle, otherCa] = await Promise.all([
		ensurePki(`${await dirs.make()}/pki`, 'homelab', [etcd1, etcd2]),
		createCa('elsewhere'),
	]);
	pki = bundle;
	stranger = await issueClientCertificate(otherCa, 'admin');
	const [m1, m2] = [pki.members.get('etcd1'), pki.members.get('etcd2')];
	if (!m1 || !m2) throw new Error('members missing from the bundle');
	[member1, member2] = [m1, m2];
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

/** A mutual-TLS server on 127.0.0.1 that trusts the cluster CA only, as etcd does. */
async function listen(
	cert: string,
	key: string,
): Promise<{ port: number; server: tls.Server; refusals: string[] }> {
	// Node verifies a client certificate after the handshake and then drops the connection
	// without an alert; the reason is left on the socket as `authorizationError`.
	const refusals: string[] = [];
	const server = tls.createServer(
		{ cert, key, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
		(socket) => socket.end(`hello ${socket.getPeerCertificate().subject.CN}`),
	);
	server.on('tlsClientError', (error, socket) =>
		refusals.push(String(socket.authorizationError ?? error.message)),
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { port: (server.address() as AddressInfo).port, server, refusals };
}

/**
 * Connects and resolves, once the connection is closed, with what the server said, or with the
 * error that ended it (with TLS 1.3 a refused client certificate arrives after the handshake).
 */
function talk(port: number, options: tls.ConnectionOptions): Promise<string | Error> {
	return new Promise((resolve) => {
		const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.caCert, ...options });
		let received = '';
		let failure: Error | undefined;
		socket.setEncoding('utf8');
		socket.on('data', (chunk) => {
			received += chunk;
		});
		socket.on('error', (error) => {
			failure = error;
		});
		socket.on('close', () => resolve(failure ?? received));
	});
}

describe('TLS with the issued certificates', SLOW, () => {
	it('lets admin talk to a member over 127.0.0.1 with mutual TLS', async () => {
		const { port, server } = await listen(member1.serverCert, member1.serverKey);
		try {
			expect(await talk(port, { cert: pki.adminCert, key: pki.adminKey })).toBe('hello admin');
		} finally {
			server.close();
		}
	});

	it('refuses a client certificate from another CA, and a client without one', async () => {
		const { port, server, refusals } = await listen(member1.serverCert, member1.serverKey);
		try {
			const refused = await talk(port, { cert: stranger.certPem, key: stranger.keyPem });
			expect(refused).toBe('');
			expect(refusals).toEqual(['UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
			const anonymous = await talk(port, {});
			expect(String(anonymous)).toMatch(/alert certificate required/);
			expect(refusals[1]).toMatch(/peer did not return a certificate/);
		} finally {
			server.close();
		}
	});

	it("checks the server's identity: the server cert covers 127.0.0.1, the peer cert does not", async () => {
		const serving = await listen(member1.serverCert, member1.serverKey);
		const peering = await listen(member1.peerCert, member1.peerKey);
		try {
			const admin = { cert: pki.adminCert, key: pki.adminKey };
			expect(await talk(serving.port, { ...admin, servername: 'localhost' })).toBe('hello admin');
			const wrongHost = await talk(peering.port, admin);
			expect(wrongHost).toBeInstanceOf(Error);
			expect((wrongHost as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
		} finally {
			serving.server.close();
			peering.server.close();
		}
	});

	it("lets members peer: a peer cert serves and dials, checked against the member's IP", async () => {
		const { port, server } = await listen(member1.peerCert, member1.peerKey);
		try {
			const said = await talk(port, {
				cert: member2.peerCert,
				key: member2.peerKey,
				checkServerIdentity: (_host, cert) => tls.checkServerIdentity(etcd1.ip, cert),
			});
			expect(said).toBe('hello etcd2');
			const impostor = await talk(port, {
				cert: member2.peerCert,
				key: member2.peerKey,
				checkServerIdentity: (_host, cert) => tls.checkServerIdentity(etcd2.ip, cert),
			});
			expect((impostor as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
		} finally {
			server.close();
		}
	});
});
