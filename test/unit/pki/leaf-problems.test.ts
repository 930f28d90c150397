import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	type CertAndKey,
	createCa,
	issueMemberCertificates,
	type MemberMaterial,
	memberCertificateProblems,
} from '../../../source/pki/index.js';
import { caWithEtcd1, DAY_MS, ETCD1 as member, openssl, SLOW, tempDirs } from './helpers.js';

const dirs = tempDirs();
let dir: string;
let ca: CertAndKey;
let material: MemberMaterial;

beforeAll(async () => {
	dir = await dirs.make();
	({ ca, material } = await caWithEtcd1());
	await writeFile(join(dir, 'ca.crt'), ca.certPem);
	await writeFile(join(dir, 'ca.key'), ca.keyPem);
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

/** A peer certificate for etcd1 made and signed by openssl with the CA, using `digest`. */
async function opensslPeer(digest: string): Promise<{ cert: string; key: string }> {
	const file = (name: string) => join(dir, `${digest}-${name}`);
	const request = await openssl([
		...['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=etcd1'],
		...['-keyout', file('peer.key'), '-out', file('peer.csr')],
	]);
	if (request.code !== 0) throw new Error(request.stderr);
	await writeFile(
		file('ext.cnf'),
		[
			'basicConstraints=critical,CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth,clientAuth',
			'subjectAltName=IP:10.88.0.11,DNS:etcd1',
			'subjectKeyIdentifier=hash',
			'authorityKeyIdentifier=keyid',
		].join('\n'),
	);
	const signed = await openssl([
		...['x509', '-req', '-in', file('peer.csr'), '-days', '100', `-${digest}`],
		...['-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-set_serial', '4660'],
		...['-extfile', file('ext.cnf'), '-out', file('peer.crt')],
	]);
	if (signed.code !== 0) throw new Error(signed.stderr);
	return {
		cert: await readFile(file('peer.crt'), 'utf8'),
		key: await readFile(file('peer.key'), 'utf8'),
	};
}

describe('memberCertificateProblems', SLOW, () => {
	it('finds nothing wrong with freshly issued material', () => {
		expect(memberCertificateProblems(ca.certPem, material, member)).toEqual({});
	});

	it('accepts a correct certificate made by openssl, and refuses a SHA-1 one', async () => {
		const [good, sha1] = await Promise.all([opensslPeer('sha256'), opensslPeer('sha1')]);
		const check = (peer: { cert: string; key: string }) =>
			memberCertificateProblems(
				ca.certPem,
				{ ...material, peerCert: peer.cert, peerKey: peer.key },
				member,
			);
		expect(check(good)).toEqual({});
		expect(check(sha1)).toEqual({
			peer: 'signed with sha1WithRSAEncryption, want sha256WithRSAEncryption',
		});
	});

	it('names missing files and keys that do not match', () => {
		expect(memberCertificateProblems(ca.certPem, {}, member)).toEqual({
			server: 'certificate missing',
			peer: 'certificate missing',
		});
		const { peerKey: _, ...withoutPeerKey } = material;
		expect(memberCertificateProblems(ca.certPem, withoutPeerKey, member)).toEqual({
			peer: 'key missing',
		});
		const swapped = { ...material, serverKey: material.peerKey, peerKey: material.serverKey };
		expect(memberCertificateProblems(ca.certPem, swapped, member)).toEqual({
			server: 'key does not match certificate',
			peer: 'key does not match certificate',
		});
		const garbled = {
			...material,
			serverCert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
		};
		expect(memberCertificateProblems(ca.certPem, garbled, member)).toEqual({
			server: 'certificate unreadable',
		});
	});

	it('names the SANs that changed', () => {
		const moved = { name: 'etcd1', ip: '10.88.0.13' };
		expect(memberCertificateProblems(ca.certPem, material, moved)).toEqual({
			server: 'SANs changed: missing IP 10.88.0.13, unexpected IP 10.88.0.11',
			peer: 'SANs changed: missing IP 10.88.0.13, unexpected IP 10.88.0.11',
		});
		const renamed = { name: 'etcd9', ip: '10.88.0.11' };
		expect(memberCertificateProblems(ca.certPem, material, renamed).peer).toBe(
			'common name changed: etcd1 -> etcd9',
		);
	});

	it('renews within the window and reports expired certificates', () => {
		const notAfter = new Date(forge.pki.certificateFromPem(material.serverCert).validity.notAfter);
		const twelveDaysBefore = new Date(notAfter.getTime() - 12 * DAY_MS);
		expect(
			memberCertificateProblems(ca.certPem, material, member, { now: twelveDaysBefore }),
		).toEqual({
			server: 'expires in 12 days',
			peer: 'expires in 12 days',
		});
		expect(
			memberCertificateProblems(ca.certPem, material, member, {
				now: twelveDaysBefore,
				renewBeforeDays: 10,
			}),
		).toEqual({});
		const later = new Date(notAfter.getTime() + 3 * DAY_MS);
		expect(memberCertificateProblems(ca.certPem, material, member, { now: later }).server).toBe(
			'expired 3 days ago',
		);
	});

	it('refuses a certificate that is not yet valid', async () => {
		const future = await issueMemberCertificates(ca, member, {
			now: new Date(Date.now() + 5 * DAY_MS),
		});
		expect(memberCertificateProblems(ca.certPem, future, member).server).toMatch(
			/^not yet valid \(valid from /,
		);
	});

	it('refuses certificates of another CA, and a leaf whose AKI is its own key id', async () => {
		const other = await createCa('homelab');
		expect(memberCertificateProblems(other.certPem, material, member)).toEqual({
			server: 'not signed by the current CA',
			peer: 'not signed by the current CA',
		});
		// What forge's `authorityKeyIdentifier: true` produces: the leaf's own key id. OpenSSL then
		// no longer sees the CA as the issuer, and neither would etcd's peers.
		const caCert = forge.pki.certificateFromPem(ca.certPem);
		const leaf = forge.pki.certificateFromPem(material.peerCert);
		leaf.setExtensions([
			...leaf.extensions.filter((e: { name: string }) => e.name !== 'authorityKeyIdentifier'),
			{ name: 'authorityKeyIdentifier', keyIdentifier: true },
		]);
		leaf.setIssuer(caCert.subject.attributes);
		leaf.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
		const selfAki = { ...material, peerCert: forge.pki.certificateToPem(leaf) };
		expect(memberCertificateProblems(ca.certPem, selfAki, member)).toEqual({
			peer: 'not signed by the current CA',
		});
	});
});
