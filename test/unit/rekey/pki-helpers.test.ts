import { X509Certificate } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	caBundle,
	dropPreviousCa,
	installRotatedPki,
	type MemberMaterial,
	splitCertificates,
	writeMemberMaterial,
} from '../../../source/pki/index.js';
import { writePair } from '../../../source/pki/store.js';
import { makePki, SLOW, type TestPki, tempDirs } from './fixtures.js';

const dirs = tempDirs();
let old: TestPki;
let next: TestPki;

beforeAll(async () => {
	[old, next] = await Promise.all([makePki(), makePki()]);
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

const material = (pki: TestPki, name: string) => pki.members.get(name) as MemberMaterial;
const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

describe('caBundle and splitCertificates', () => {
	it('joins CAs in order, each once, and splits them back into PEM blocks', () => {
		const bundle = caBundle(old.ca.certPem, next.ca.certPem, old.ca.certPem);
		const parts = splitCertificates(bundle);
		expect(parts).toHaveLength(2);
		expect(new X509Certificate(parts[0] ?? '').fingerprint256).toBe(
			new X509Certificate(old.ca.certPem).fingerprint256,
		);
		expect(new X509Certificate(parts[1] ?? '').fingerprint256).toBe(
			new X509Certificate(next.ca.certPem).fingerprint256,
		);
		// A bundle of bundles is the same bundle.
		expect(caBundle(bundle, next.ca.certPem)).toBe(bundle);
	});

	it('finds no certificate in text without one', () => {
		expect(splitCertificates('')).toEqual([]);
		expect(
			splitCertificates('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n'),
		).toEqual([]);
	});
});

describe('installRotatedPki and dropPreviousCa', () => {
	it('keeps the previous CA as ca.prev.*, writes the new PKI with 0600 keys, then drops the copy', async () => {
		const dir = await dirs.make();
		await writePair(dir, { cert: 'ca.crt', key: 'ca.key' }, old.ca);
		await installRotatedPki(dir, { ca: next.ca, admin: next.admin, members: next.members });
		expect(await readFile(join(dir, 'ca.prev.crt'), 'utf8')).toBe(old.ca.certPem);
		expect(await readFile(join(dir, 'ca.prev.key'), 'utf8')).toBe(old.ca.keyPem);
		expect(await readFile(join(dir, 'ca.crt'), 'utf8')).toBe(next.ca.certPem);
		expect(await readFile(join(dir, 'admin.key'), 'utf8')).toBe(next.admin.keyPem);
		const etcd2 = next.members.get('etcd2');
		expect(await readFile(join(dir, 'members/etcd2/peer.crt'), 'utf8')).toBe(etcd2?.peerCert);
		for (const key of ['ca.key', 'ca.prev.key', 'admin.key', 'members/etcd1/server.key']) {
			expect(await mode(join(dir, key)), key).toBe('600');
		}
		expect(await mode(join(dir, 'members/etcd1'))).toBe('700');
		await dropPreviousCa(dir);
		expect((await readdir(dir)).sort()).toEqual([
			'admin.crt',
			'admin.key',
			'ca.crt',
			'ca.key',
			'members',
		]);
		await dropPreviousCa(dir);
	});

	it('refuses to rotate a PKI dir without a CA', async () => {
		const dir = await dirs.make();
		await expect(
			installRotatedPki(dir, { ca: next.ca, admin: next.admin, members: next.members }),
		).rejects.toThrow(/ca\.crt or .*ca\.key is missing/);
		expect(await readdir(dir)).toEqual([]);
	});

	it('writes one member without touching another', async () => {
		const dir = await dirs.make();
		await writeMemberMaterial(dir, 'etcd1', material(old, 'etcd1'));
		await writeMemberMaterial(dir, 'etcd2', material(old, 'etcd2'));
		await writeMemberMaterial(dir, 'etcd1', material(next, 'etcd1'));
		const key = (name: string) => readFile(join(dir, `members/${name}/server.key`), 'utf8');
		expect(await key('etcd1')).toBe(material(next, 'etcd1').serverKey);
		expect(await key('etcd2')).toBe(material(old, 'etcd2').serverKey);
	});
});
