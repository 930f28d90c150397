import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rekeyCommand } from '../../../source/commands/rekey.js';
import type { RekeyFlags } from '../../../source/commands/rekey-flags.js';
import { CA_FILES, writePair } from '../../../source/pki/store.js';
import { makePki, SLOW, SPEC, type TestPki, tempDirs } from './fixtures.js';

const dirs = tempDirs();
let pki: TestPki;

beforeAll(async () => {
	pki = await makePki('lab');
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

/** A cluster file's dir with pki/ca.crt|key; the command's output is collected. */
async function setup(json = false) {
	const dir = await dirs.make();
	await mkdir(join(dir, 'pki'), { mode: 0o700 });
	await writePair(join(dir, 'pki'), CA_FILES, pki.ca);
	const out: string[] = [];
	const io = { json, stdout: (t: string) => out.push(t), stderr: () => {} };
	const loaded = { spec: SPEC, path: join(dir, 'cluster.yaml'), dir, warnings: [] };
	const run = (flags: Partial<RekeyFlags>) =>
		rekeyCommand(loaded, { ca: false, yes: false, acceptNewHostKeys: false, ...flags }, io);
	return { dir, out, run };
}

describe('rekey --client', () => {
	it(
		'issues the certificate without any host and prints files, subject, serial, end and CA',
		async () => {
			const { dir, out, run } = await setup();
			expect(await run({ client: 'kube-apiserver', days: '30' })).toBe(0);
			const certFile = join(dir, 'pki', 'clients', 'kube-apiserver.crt');
			const x509 = new X509Certificate(await readFile(certFile));
			expect(x509.subject).toBe('CN=kube-apiserver');
			const [text = ''] = out;
			expect(text).toContain(`  certificate  ${certFile}`);
			expect(text).toContain(
				`  key          ${join(dir, 'pki', 'clients', 'kube-apiserver.key')} (0600)`,
			);
			expect(text).toContain('  subject      CN=kube-apiserver (extended key usage: clientAuth)');
			expect(text).toContain(`  serial       ${x509.serialNumber.toLowerCase()}`);
			expect(text).toContain(`  not after    ${new Date(x509.validTo).toISOString()}`);
			expect(text).toContain(`  trust CA     ${join(dir, 'pki', 'ca.crt')} (SHA256 `);
		},
		SLOW.timeout,
	);

	it(
		'refuses to replace one without --yes (no terminal to ask), replaces it with --yes',
		async () => {
			const { out, run } = await setup(true);
			expect(await run({ client: 'backup' })).toBe(0);
			const first = JSON.parse(out[0] ?? '{}');
			expect(first).toMatchObject({
				type: 'client-certificate',
				name: 'backup',
				cappedByCa: false,
			});
			expect(first.certPem).toBeUndefined();
			await expect(run({ client: 'backup' })).rejects.toThrow('backup.crt already exists');
			expect(await run({ client: 'backup', yes: true })).toBe(0);
			expect(JSON.parse(out[1] ?? '{}').serial).not.toBe(first.serial);
		},
		SLOW.timeout,
	);

	it('names the wrong flag before doing anything', async () => {
		const { run } = await setup();
		await expect(run({ days: '30' })).rejects.toThrow(
			'--days is the validity of a --client certificate: pass --client <name>',
		);
		await expect(run({ client: 'Kube' })).rejects.toThrow('--client "Kube": lower-case letters');
		await expect(run({ client: 'kube', days: '4000' })).rejects.toThrow(
			'--days "4000": 1 to 3650 days',
		);
		await expect(run({ client: 'kube', ca: true })).rejects.toThrow(
			'--client issues a client certificate only: leave out --ca and --member',
		);
	});
});
