import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	type CertAndKey,
	createCa,
	issueClientCertificate,
	issueMemberCertificates,
	type MemberMaterial,
} from '../../../source/pki/index.js';
import {
	caWithEtcd1,
	DAY_MS,
	keyIdHex,
	ETCD1 as member,
	opensslText,
	opensslVerify,
	SLOW,
	tempDirs,
	textValueAfter,
} from './helpers.js';

const dirs = tempDirs();
let dir: string;
let ca: CertAndKey;
let caX509: X509Certificate;
let material: MemberMaterial;
let admin: CertAndKey;
let kube: CertAndKey;

beforeAll(async () => {
	dir = await dirs.make();
	({ ca, material } = await caWithEtcd1());
	caX509 = new X509Certificate(ca.certPem);
	[admin, kube] = await Promise.all([
		issueClientCertificate(ca, 'admin'),
		issueClientCertificate(ca, 'kube-apiserver-etcd-client', {
			organization: 'system:masters',
			validityDays: 30,
		}),
	]);
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

/** Checks shared by every leaf, with Node's X509Certificate and the openssl CLI. */
async function expectLeafOfCa(pair: CertAndKey): Promise<string> {
	const leaf = new X509Certificate(pair.certPem);
	expect(leaf.checkIssued(caX509)).toBe(true);
	expect(leaf.verify(caX509.publicKey)).toBe(true);
	expect(leaf.checkPrivateKey(createPrivateKey(pair.keyPem))).toBe(true);
	expect(leaf.ca).toBe(false);
	const text = await opensslText(dir, pair.certPem);
	const caText = await opensslText(dir, ca.certPem);
	expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
	expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
	expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
	const aki = keyIdHex(textValueAfter(text, 'Authority Key Identifier'));
	const caSki = keyIdHex(textValueAfter(caText, 'Subject Key Identifier'));
	const ownSki = keyIdHex(textValueAfter(text, 'Subject Key Identifier'));
	expect(caSki).toMatch(/^[0-9a-f]{40}$/);
	expect(aki).toBe(caSki);
	expect(ownSki).toMatch(/^[0-9a-f]{40}$/);
	expect(ownSki).not.toBe(caSki);
	return text;
}

describe('createCa', SLOW, () => {
	it('makes a SHA-256 self-signed CA named after the cluster, valid 10 years', async () => {
		expect(caX509.subject).toBe('CN=homelab etcd CA');
		expect(caX509.ca).toBe(true);
		expect(caX509.checkIssued(caX509)).toBe(true);
		expect(caX509.verify(caX509.publicKey)).toBe(true);
		const years = (new Date(caX509.validTo).getTime() - Date.now()) / (365 * DAY_MS);
		expect(years).toBeGreaterThan(9.9);
		expect(years).toBeLessThan(10.1);
		const text = await opensslText(dir, ca.certPem);
		expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
		expect(text).toContain('Public-Key: (2048 bit)');
		expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
		expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
		expect(keyIdHex(textValueAfter(text, 'Subject Key Identifier'))).toMatch(/^[0-9a-f]{40}$/);
	});

	it('uses a random positive 16-byte serial with a minimal DER encoding', async () => {
		const other = await createCa('homelab');
		for (const pem of [ca.certPem, other.certPem, material.serverCert]) {
			const serial = new X509Certificate(pem).serialNumber;
			expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
			expect(serial.startsWith('00')).toBe(false);
		}
		expect(new X509Certificate(other.certPem).serialNumber).not.toBe(caX509.serialNumber);
	});
});

describe('issueMemberCertificates', SLOW, () => {
	it('issues a server certificate for the interface IP, loopback, name and localhost', async () => {
		const text = await expectLeafOfCa({ certPem: material.serverCert, keyPem: material.serverKey });
		const server = new X509Certificate(material.serverCert);
		expect(server.subject).toBe('CN=etcd1');
		expect(server.subjectAltName?.split(', ').sort()).toEqual(
			['DNS:etcd1', 'DNS:localhost', 'IP Address:10.88.0.11', 'IP Address:127.0.0.1'].sort(),
		);
		expect(server.keyUsage?.sort()).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
		expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
		expect(server.checkIP('10.88.0.11')).toBe('10.88.0.11');
		expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(server.checkHost('localhost')).toBe('localhost');
		for (const purpose of ['sslserver', 'sslclient'] as const) {
			const verified = await opensslVerify(dir, ca.certPem, material.serverCert, purpose);
			expect(verified.stdout + verified.stderr).toContain(': OK');
			expect(verified.code).toBe(0);
		}
	});

	it('issues a peer certificate for the interface IP and name, for both TLS roles', async () => {
		await expectLeafOfCa({ certPem: material.peerCert, keyPem: material.peerKey });
		const peer = new X509Certificate(material.peerCert);
		expect(peer.subject).toBe('CN=etcd1');
		expect(peer.subjectAltName?.split(', ').sort()).toEqual(['DNS:etcd1', 'IP Address:10.88.0.11']);
		expect(peer.checkIP('127.0.0.1')).toBeUndefined();
		for (const purpose of ['sslserver', 'sslclient'] as const) {
			expect((await opensslVerify(dir, ca.certPem, material.peerCert, purpose)).code).toBe(0);
		}
	});

	it('uses a fresh key for each certificate', () => {
		expect(material.serverKey).not.toBe(material.peerKey);
		expect(material.serverKey).toContain('PRIVATE KEY');
	});

	it('defaults to one year and never outlives the CA', async () => {
		const server = new X509Certificate(material.serverCert);
		const days = (new Date(server.validTo).getTime() - Date.now()) / DAY_MS;
		expect(days).toBeGreaterThan(364);
		expect(days).toBeLessThan(366);
		const longLived = await issueMemberCertificates(ca, member, { validityDays: 20 * 365 });
		expect(new X509Certificate(longLived.serverCert).validTo).toBe(caX509.validTo);
	});
});

describe('issueClientCertificate', SLOW, () => {
	it('issues admin with clientAuth only: accepted as a client, refused as a server', async () => {
		const text = await expectLeafOfCa(admin);
		const cert = new X509Certificate(admin.certPem);
		expect(cert.subject).toBe('CN=admin');
		expect(cert.subjectAltName).toBeUndefined();
		expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
		expect(text).not.toContain('TLS Web Server Authentication');
		expect((await opensslVerify(dir, ca.certPem, admin.certPem, 'sslclient')).code).toBe(0);
		const asServer = await opensslVerify(dir, ca.certPem, admin.certPem, 'sslserver');
		expect(asServer.code).not.toBe(0);
		expect(asServer.stdout + asServer.stderr).toContain('unsuitable certificate purpose');
	});

	it('takes an organization and a validity', async () => {
		await expectLeafOfCa(kube);
		const cert = new X509Certificate(kube.certPem);
		expect(cert.subject.split('\n')).toEqual(['CN=kube-apiserver-etcd-client', 'O=system:masters']);
		const days = (new Date(cert.validTo).getTime() - Date.now()) / DAY_MS;
		expect(days).toBeGreaterThan(29);
		expect(days).toBeLessThan(31);
	});

	it('is not accepted by another CA', async () => {
		const other = await createCa('other');
		const verified = await opensslVerify(dir, other.certPem, admin.certPem, 'sslclient');
		expect(verified.code).not.toBe(0);
		expect(
			new X509Certificate(admin.certPem).verify(new X509Certificate(other.certPem).publicKey),
		).toBe(false);
	});
});
