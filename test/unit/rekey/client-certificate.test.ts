import { createPublicKey, X509Certificate } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertAndKey, createCa } from '../../../source/pki/index.js';
import { CA_FILES, writePair } from '../../../source/pki/store.js';
import {
	ClientCertificateExistsError,
	clientDaysProblem,
	clientNameProblem,
	createClientCertificate,
	formatIssuedClient,
	readClientCertificates,
} from '../../../source/rekey/client-certificate.js';
import { certificateInventory } from '../../../source/rekey/inventory.js';
import { readLocalPki } from '../../../source/rekey/local-pki.js';
import { openssl } from '../pki/helpers.js';
import { makePki, SLOW, type TestPki, tempDirs } from './fixtures.js';

const DAY = 86_400_000;
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const dirs = tempDirs();
let pki: TestPki;
let shortCa: CertAndKey;

beforeAll(async () => {
	[pki, shortCa] = await Promise.all([makePki('lab'), createCa('short', { validityDays: 10 })]);
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

/** A PKI dir holding only `ca`'s certificate and key. */
async function pkiDir(ca: CertAndKey = pki.ca): Promise<string> {
	const dir = await dirs.make();
	await writePair(dir, CA_FILES, ca);
	return dir;
}

describe('createClientCertificate', () => {
	it(
		'writes clients/<name>.crt|.key (key 0600, dir 0700) for clientAuth only, signed by the CA',
		async () => {
			const dir = await pkiDir();
			const now = new Date('2030-01-01T00:00:00Z');
			const issued = await createClientCertificate(dir, { name: 'kube-apiserver', days: 30, now });
			expect(issued.certFile).toBe(join(dir, 'clients', 'kube-apiserver.crt'));
			expect(issued.keyFile).toBe(join(dir, 'clients', 'kube-apiserver.key'));
			expect(issued.caFile).toBe(join(dir, 'ca.crt'));
			expect((await stat(join(dir, 'clients'))).mode & 0o777).toBe(0o700);
			expect((await stat(issued.keyFile)).mode & 0o777).toBe(0o600);
			const x509 = new X509Certificate(await readFile(issued.certFile));
			const ca = new X509Certificate(pki.ca.certPem);
			expect(x509.checkIssued(ca) && x509.verify(ca.publicKey)).toBe(true);
			expect(x509.subject).toBe('CN=kube-apiserver');
			expect(x509.keyUsage).toEqual([CLIENT_AUTH]);
			expect(x509.ca).toBe(false);
			expect(new Date(x509.validTo).getTime()).toBe(now.getTime() + 30 * DAY);
			expect(x509.serialNumber.toLowerCase()).toBe(issued.serial);
			expect(issued.notAfter).toBe(new Date(now.getTime() + 30 * DAY).toISOString());
			expect(issued.cappedByCa).toBe(false);
			expect(issued.caFingerprint).toBe(ca.fingerprint256);
			// The key is the certificate's: its public half is the one the certificate names.
			const key = createPublicKey(await readFile(issued.keyFile, 'utf8'));
			const spki = { type: 'spki', format: 'der' } as const;
			expect(key.export(spki).equals(x509.publicKey.export(spki))).toBe(true);
			expect(formatIssuedClient(issued)).toContain(`trust CA     ${join(dir, 'ca.crt')} (SHA256`);
		},
		SLOW.timeout,
	);

	it(
		'gives a certificate openssl verifies against the CA for the client purpose only',
		async () => {
			const dir = await pkiDir();
			const issued = await createClientCertificate(dir, { name: 'backup.example' });
			const caFile = join(dir, 'ca.crt');
			const asClient = await openssl([
				'verify',
				'-CAfile',
				caFile,
				'-purpose',
				'sslclient',
				issued.certFile,
			]);
			expect(asClient.stdout).toContain(': OK');
			expect(asClient.code).toBe(0);
			const asServer = await openssl([
				'verify',
				'-CAfile',
				caFile,
				'-purpose',
				'sslserver',
				issued.certFile,
			]);
			expect(asServer.code).not.toBe(0);
			const days = (new Date(issued.notAfter).getTime() - Date.now()) / DAY;
			expect(Math.round(days)).toBe(365);
		},
		SLOW.timeout,
	);

	it(
		'refuses to replace an existing one unless asked, leaving it as it was',
		async () => {
			const dir = await pkiDir();
			const first = await createClientCertificate(dir, { name: 'kube-apiserver', days: 5 });
			const before = await readFile(first.certFile, 'utf8');
			const again = createClientCertificate(dir, { name: 'kube-apiserver' });
			await expect(again).rejects.toBeInstanceOf(ClientCertificateExistsError);
			await expect(again).rejects.toThrow(`${first.certFile} already exists; it was left as it is`);
			expect(await readFile(first.certFile, 'utf8')).toBe(before);
			const replaced = await createClientCertificate(dir, {
				name: 'kube-apiserver',
				overwrite: true,
			});
			expect(replaced.serial).not.toBe(first.serial);
			expect(await readFile(first.certFile, 'utf8')).not.toBe(before);
		},
		SLOW.timeout,
	);

	it(
		'refuses a key left without its certificate too',
		async () => {
			const dir = await pkiDir();
			const first = await createClientCertificate(dir, { name: 'a' });
			await rm(first.certFile);
			await expect(createClientCertificate(dir, { name: 'a' })).rejects.toBeInstanceOf(
				ClientCertificateExistsError,
			);
		},
		SLOW.timeout,
	);

	it(
		'ends with the CA when the CA ends first, and says so',
		async () => {
			const dir = await pkiDir(shortCa);
			const issued = await createClientCertificate(dir, { name: 'long', days: 365 });
			expect(issued.cappedByCa).toBe(true);
			expect(issued.notAfter).toBe(
				new Date(new X509Certificate(shortCa.certPem).validTo).toISOString(),
			);
			expect(formatIssuedClient(issued)).toContain('(the CA ends then)');
		},
		SLOW.timeout,
	);

	it('checks the name and days before writing anything, and names a missing CA', async () => {
		const dir = await pkiDir();
		await expect(createClientCertificate(dir, { name: '../etc' })).rejects.toThrow(
			'client certificate "../etc", 365 days: lower-case letters, digits, dots and dashes',
		);
		await expect(createClientCertificate(dir, { name: 'ok', days: 0 })).rejects.toThrow(
			'1 to 3650 days',
		);
		expect(await readClientCertificates(dir)).toEqual(new Map());
		const empty = await dirs.make();
		await expect(createClientCertificate(empty, { name: 'ok' })).rejects.toThrow(
			`${join(empty, 'ca.crt')} is missing: a client certificate is signed by the cluster's CA`,
		);
	});
});

describe('client names and validity', () => {
	it.each([
		['kube-apiserver', undefined],
		['a', undefined],
		['node1.lab-2', undefined],
		['', 'a name is needed, e.g. kube-apiserver'],
		['Kube', 'lower-case letters, digits, dots and dashes, starting with a letter or digit'],
		['-x', 'lower-case letters, digits, dots and dashes, starting with a letter or digit'],
		['a/b', 'lower-case letters, digits, dots and dashes, starting with a letter or digit'],
		['a b', 'lower-case letters, digits, dots and dashes, starting with a letter or digit'],
		['x'.repeat(65), 'at most 64 characters'],
	])('name %j: %s', (name, problem) => {
		expect(clientNameProblem(name)).toBe(problem);
	});

	it.each([
		['1', undefined],
		['365', undefined],
		['3650', undefined],
		['0', '1 to 3650 days'],
		['3651', '1 to 3650 days'],
		['', 'a whole number of days, 1 to 3650'],
		['1.5', 'a whole number of days, 1 to 3650'],
		['-3', 'a whole number of days, 1 to 3650'],
		['30d', 'a whole number of days, 1 to 3650'],
	])('days %j: %s', (days, problem) => {
		expect(clientDaysProblem(days)).toBe(problem);
	});
});

describe('client certificates in the inventory', () => {
	it(
		'are read from pki/clients and listed as local entries',
		async () => {
			const dir = await pkiDir();
			await writePair(dir, { cert: 'admin.crt', key: 'admin.key' }, pki.admin);
			const issued = await createClientCertificate(dir, { name: 'kube-apiserver', days: 30 });
			await writeFile(join(dir, 'clients', 'notes.txt'), 'not a certificate');
			const local = await readLocalPki(dir, []);
			expect([...(local.clients ?? new Map()).keys()]).toEqual(['kube-apiserver']);
			const { entries, problems } = certificateInventory({
				confDir: '/etc/etcd',
				pkiDir: './pki',
				hosts: [],
				local,
				now: new Date(),
			});
			expect(problems).toEqual([]);
			const client = entries.find((e) => e.file === 'pki/clients/kube-apiserver.crt');
			expect(client).toMatchObject({
				location: 'local',
				subject: 'CN=kube-apiserver',
				serial: issued.serial,
				issuerFingerprint: new X509Certificate(pki.ca.certPem).fingerprint256,
				daysLeft: 29,
				matchesLocal: null,
			});
		},
		SLOW.timeout,
	);
});
