import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { caBundle, type MemberMaterial } from '../../../source/pki/index.js';
import { formatInventory } from '../../../source/rekey/format-inventory.js';
import {
	certificateInventory,
	type HostCertificateFiles,
	type InventoryInput,
} from '../../../source/rekey/inventory.js';
import type { LocalPki } from '../../../source/rekey/local-pki.js';
import { makePki, SLOW, type TestPki } from './fixtures.js';

let pki: TestPki;
let other: TestPki;
const DAY = 86_400_000;

beforeAll(async () => {
	[pki, other] = await Promise.all([makePki('lab'), makePki('lab')]);
}, SLOW.timeout);

const material = (from: TestPki, name: string) => from.members.get(name) as MemberMaterial;
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

function local(from: TestPki, extra: Partial<LocalPki> = {}): LocalPki {
	return {
		dir: '/home/ops/lab/pki',
		ca: from.ca,
		admin: from.admin,
		members: new Map(
			[...from.members].map(([name, m]) => [name, { server: m.serverCert, peer: m.peerCert }]),
		),
		...extra,
	};
}

function host(name: string, files: Record<string, string | undefined>): HostCertificateFiles {
	return {
		name,
		files: new Map(Object.entries(files).map(([file, pem]) => [`/etc/etcd/${file}`, pem])),
	};
}

const deployed = (from: TestPki, name: string, ca = from.ca.certPem) =>
	host(name, {
		'ca.crt': ca,
		'server.crt': material(from, name).serverCert,
		'peer.crt': material(from, name).peerCert,
	});

function input(
	hosts: HostCertificateFiles[],
	pkiLocal = local(pki),
	now = new Date(),
): InventoryInput {
	return { confDir: '/etc/etcd', pkiDir: './pki', hosts, local: pkiLocal, now };
}

describe('certificateInventory', () => {
	it('lists every host file, then the local CA and admin, each matched with its local copy', () => {
		const { entries, problems } = certificateInventory(
			input([deployed(pki, 'etcd1'), deployed(pki, 'etcd2')]),
		);
		expect(problems).toEqual([]);
		expect(entries.map((e) => `${e.location} ${e.file} ${e.matchesLocal}`)).toEqual([
			'etcd1 /etc/etcd/ca.crt true',
			'etcd1 /etc/etcd/server.crt true',
			'etcd1 /etc/etcd/peer.crt true',
			'etcd2 /etc/etcd/ca.crt true',
			'etcd2 /etc/etcd/server.crt true',
			'etcd2 /etc/etcd/peer.crt true',
			'local pki/ca.crt null',
			'local pki/admin.crt null',
		]);
		const server = entries[1];
		expect(server).toMatchObject({
			subject: 'CN=etcd1',
			sans: ['10.88.0.11', '127.0.0.1', 'etcd1', 'localhost'],
			issuer: 'CN=lab etcd CA',
			issuerFingerprint: fingerprint(pki.ca.certPem),
			serial: new X509Certificate(material(pki, 'etcd1').serverCert).serialNumber.toLowerCase(),
		});
		expect(server?.daysLeft).toBeGreaterThanOrEqual(364);
		// The CA names itself as issuer.
		expect(entries[0]?.issuerFingerprint).toBe(fingerprint(pki.ca.certPem));
	});

	it('gives a line per CA of a bundle, and names the issuer of certificates from either', () => {
		const bundle = caBundle(pki.ca.certPem, other.ca.certPem);
		const { entries } = certificateInventory(
			input([
				host('etcd1', {
					'ca.crt': bundle,
					'server.crt': material(other, 'etcd1').serverCert,
					'peer.crt': material(pki, 'etcd1').peerCert,
				}),
			]),
		);
		const onHost = entries.filter((e) => e.location === 'etcd1');
		expect(onHost.map((e) => `${e.file} ${e.issuerFingerprint} ${e.matchesLocal}`)).toEqual([
			`/etc/etcd/ca.crt ${fingerprint(pki.ca.certPem)} false`,
			`/etc/etcd/ca.crt ${fingerprint(other.ca.certPem)} false`,
			`/etc/etcd/server.crt ${fingerprint(other.ca.certPem)} false`,
			`/etc/etcd/peer.crt ${fingerprint(pki.ca.certPem)} true`,
		]);
		// The local copy of a member certificate that differs is listed too.
		expect(entries.map((e) => `${e.location} ${e.file}`)).toContain(
			'local pki/members/etcd1/server.crt',
		);
	});

	it('names an issuer it does not know as unknown, and a previous CA kept locally', () => {
		const { entries } = certificateInventory(
			input([deployed(other, 'etcd1', pki.ca.certPem)], local(pki, { previousCa: pki.ca.certPem })),
		);
		expect(entries.find((e) => e.file.endsWith('server.crt'))?.issuerFingerprint).toBeNull();
		expect(entries.map((e) => e.file)).toContain('pki/ca.prev.crt');
	});

	it('reports missing and unreadable files as problems, naming host and path', () => {
		const { problems } = certificateInventory(
			input([
				host('etcd1', { 'ca.crt': pki.ca.certPem, 'server.crt': 'garbage', 'peer.crt': undefined }),
			]),
		);
		expect(problems.map((p) => p.message)).toEqual([
			'etcd1: /etc/etcd/server.crt holds no certificate',
			'etcd1: /etc/etcd/peer.crt is missing',
		]);
	});
});

describe('formatInventory', () => {
	it('prints aligned columns, flags certificates close to expiry or expired and copies that differ', () => {
		const soon = new Date(Date.now() + 350 * DAY);
		const late = new Date(Date.now() + 400 * DAY);
		const differs = host('etcd1', {
			'ca.crt': pki.ca.certPem,
			'server.crt': material(other, 'etcd1').serverCert,
			'peer.crt': material(pki, 'etcd1').peerCert,
		});
		const text = (now: Date) =>
			formatInventory(certificateInventory(input([differs], local(pki), now)));
		const lines = text(soon).split('\n');
		expect(lines[0]).toMatch(
			/^WHERE {2}FILE +SUBJECT +SANS +SERIAL +ISSUER +NOT AFTER +DAYS +LOCAL COPY$/,
		);
		const column = (line: string | undefined) => line?.indexOf('CN=');
		expect(new Set(lines.slice(1).map(column)).size).toBe(1);
		const short = fingerprint(pki.ca.certPem).slice(0, 11);
		expect(lines[1]).toMatch(
			new RegExp(
				`^etcd1 +/etc/etcd/ca.crt +CN=lab etcd CA +- +[0-9a-f]{8}… +lab etcd CA ${short}… .* same$`,
			),
		);
		expect(lines[2]).toMatch(/ \d{1,2} SOON +DIFFERS$/);
		expect(lines[2]).toContain('10.88.0.11,127.0.0.1,etcd1,localhost');
		expect(text(late).split('\n')[2]).toMatch(/ EXPIRED \d+d ago +DIFFERS$/);
		expect(
			formatInventory({
				entries: [],
				problems: [{ location: 'etcd2', file: 'x', message: 'etcd2: x is missing' }],
			}),
		).toBe(
			'WHERE  FILE  SUBJECT  SANS  SERIAL  ISSUER  NOT AFTER  DAYS  LOCAL COPY\nproblem: etcd2: x is missing',
		);
	});
});
