import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCertificate } from '../../../source/pki/index.js';
import { canonicalIp } from '../../../source/pki/inspect.js';
import { keyIdHex, openssl, opensslText, tempDirs, textValueAfter } from './helpers.js';

const dirs = tempDirs();
let dir: string;
let pem: string;
let text: string;

/** A certificate made by openssl, not forge, so the parser meets input it did not write. */
beforeAll(async () => {
	dir = await dirs.make();
	const made = await openssl([
		...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
		...['-keyout', join(dir, 'probe.key'), '-out', join(dir, 'probe.crt'), '-days', '10'],
		...['-subj', '/CN=probe/O=Acme'],
		...['-addext', 'subjectAltName=IP:fd00:0:0:0:0:0:0:1,IP:192.0.2.7,DNS:probe.example'],
		...['-addext', 'extendedKeyUsage=serverAuth,codeSigning'],
	]);
	if (made.code !== 0) throw new Error(made.stderr);
	pem = await readFile(join(dir, 'probe.crt'), 'utf8');
	text = await opensslText(dir, pem);
});
afterAll(() => dirs.cleanup());

async function opensslField(flag: string): Promise<string> {
	const result = await openssl(['x509', '-noout', flag, '-in', join(dir, 'probe.crt')]);
	return result.stdout.trim().split('=').slice(1).join('=');
}

describe('inspectCertificate', () => {
	it('reads names, serial, validity and fingerprint as openssl prints them', async () => {
		const info = inspectCertificate(pem);
		expect(info.subject).toBe('CN=probe, O=Acme');
		expect(info.commonName).toBe('probe');
		expect(info.organization).toBe('Acme');
		expect(info.issuer).toBe('CN=probe, O=Acme');
		expect(info.serial).toBe((await opensslField('-serial')).toLowerCase());
		expect(info.notBefore).toEqual(new Date(await opensslField('-startdate')));
		expect(info.notAfter).toEqual(new Date(await opensslField('-enddate')));
		expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(10 * 86_400_000);
		const fingerprint = await openssl([
			'x509',
			'-noout',
			'-fingerprint',
			'-sha256',
			'-in',
			join(dir, 'probe.crt'),
		]);
		expect(`sha256 Fingerprint=${info.fingerprintSha256}`).toBe(fingerprint.stdout.trim());
	});

	it('reads SANs (IPv6 in canonical form), key ids, CA flag, usages of a non-RSA certificate', () => {
		const info = inspectCertificate(pem);
		expect(info.sans).toEqual({ ips: ['fd00::1', '192.0.2.7'], dns: ['probe.example'] });
		expect(info.subjectKeyId).toBe(keyIdHex(textValueAfter(text, 'Subject Key Identifier')));
		expect(info.issuerKeyId).toBe(keyIdHex(textValueAfter(text, 'Authority Key Identifier')));
		expect(info.subjectKeyId).toMatch(/^[0-9a-f]{40}$/);
		expect(info.isCa).toBe(true);
		expect(info.extKeyUsage).toEqual(['serverAuth', 'codeSigning']);
		expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
		expect(info.signatureAlgorithm).toBe('ecdsa-with-SHA256');
	});

	it('throws on something that is not a certificate', () => {
		expect(() =>
			inspectCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
		).toThrow();
		expect(() => inspectCertificate('hello')).toThrow();
	});
});

describe('canonicalIp', () => {
	it('writes IPv6 in RFC 5952 form and leaves IPv4 alone', () => {
		expect(canonicalIp('FD00:0:0:0:0:0:0:1')).toBe('fd00::1');
		expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
		expect(canonicalIp('10.88.0.11')).toBe('10.88.0.11');
	});
});
