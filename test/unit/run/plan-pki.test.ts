import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as pki from '../../../source/pki/index.js';
import { planReached } from '../../../source/run/prepare.js';
import { facts, ip, NAMES, spec } from '../preflight/fixtures.js';

/**
 * `plan` makes the certificates it would need without writing any (issue #16, finding 4): it
 * used to copy pki/ with ca.key into a temp dir, which a second Ctrl-C (process.exit) left behind.
 * Every moment ensurePki runs stands for a kill: no file under the temp dir may hold the CA key.
 */
const watch = vi.hoisted(() => ({ scratch: '', caKey: '', leaks: [] as string[] }));

vi.mock('../../../source/pki/index.js', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../../source/pki/index.js')>();
	const scan = async (when: string) => {
		if (watch.scratch === '') return;
		const entries = await readdir(watch.scratch, { recursive: true, withFileTypes: true });
		for (const entry of entries.filter((e) => e.isFile())) {
			const path = join(entry.parentPath, entry.name);
			if ((await readFile(path, 'utf8')).includes(watch.caKey.trim())) {
				watch.leaks.push(`${when}: ${path}`);
			}
		}
	};
	return {
		...real,
		ensurePki: async (...args: Parameters<typeof real.ensurePki>) => {
			await scan('when ensurePki starts');
			const bundle = await real.ensurePki(...args);
			await scan('when ensurePki ends');
			return bundle;
		},
	};
});

const SLOW = 120_000;
let realPki: string;
let outside: string;
const savedTmp = process.env.TMPDIR;

/** Every file and dir under `dir`: its bytes (files) and mode. */
async function snapshot(dir: string): Promise<Map<string, string>> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	const out = new Map<string, string>();
	for (const entry of entries) {
		const path = join(entry.parentPath, entry.name);
		const { mode } = await stat(path);
		const bytes = entry.isFile() ? (await readFile(path)).toString('base64') : 'dir';
		out.set(path, `${mode.toString(8)} ${bytes}`);
	}
	return out;
}

beforeAll(async () => {
	outside = await mkdtemp(join(tmpdir(), 'plan-pki-real-'));
	realPki = join(outside, 'pki');
	// The real PKI of a two-member cluster; the plan adds etcd3.
	await pki.ensurePki(
		realPki,
		'homelab',
		NAMES.slice(0, 2).map((name) => ({ name, ip: ip(name) })),
	);
	watch.caKey = await readFile(join(realPki, 'ca.key'), 'utf8');
	watch.scratch = await mkdtemp(join(tmpdir(), 'plan-pki-tmp-'));
	process.env.TMPDIR = watch.scratch;
	expect(tmpdir()).toBe(watch.scratch);
}, SLOW);

afterAll(async () => {
	if (savedTmp === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = savedTmp;
	await rm(watch.scratch, { recursive: true, force: true });
	await rm(outside, { recursive: true, force: true });
});

describe('planning certificates (scratchPki)', () => {
	it(
		'writes no copy of the CA key and leaves the real pki dir as it was',
		async () => {
			const before = await snapshot(realPki);
			const cluster = { ...spec(), pki: { dir: realPki } };
			const reached = {
				spec: cluster,
				clusterFile: join(outside, 'cluster.yaml'),
				connections: new Map(),
				members: NAMES.map((name) => ({ name, clusterIp: ip(name) })),
				facts: facts(),
			};
			const prepared = await planReached(reached, { emit: () => {}, scratchPki: true });
			expect(watch.leaks).toEqual([]);
			expect(await snapshot(realPki)).toEqual(before);
			expect(await readdir(watch.scratch, { recursive: true })).toEqual([]);
			// etcd3's certificates were made in memory, signed by the real CA.
			const material = prepared.pki?.members.get('etcd3');
			const ca = new X509Certificate(await readFile(join(realPki, 'ca.crt')));
			expect(new X509Certificate(material?.serverCert ?? '').verify(ca.publicKey)).toBe(true);
			expect(prepared.pki?.actions).toContainEqual({
				file: 'members/etcd3/server.key',
				action: 'created',
			});
		},
		SLOW,
	);

	it(
		'plans a first run (no pki dir yet) without making the dir',
		async () => {
			const missing = join(outside, 'new', 'pki');
			const cluster = { ...spec(), pki: { dir: missing } };
			const reached = {
				spec: cluster,
				clusterFile: join(outside, 'cluster.yaml'),
				connections: new Map(),
				members: NAMES.map((name) => ({ name, clusterIp: ip(name) })),
				facts: facts(),
			};
			const prepared = await planReached(reached, { emit: () => {}, scratchPki: true });
			expect(prepared.pki?.actions).toContainEqual({ file: 'ca.key', action: 'created' });
			await expect(stat(join(outside, 'new'))).rejects.toThrow(/ENOENT/);
			expect(await readdir(watch.scratch, { recursive: true })).toEqual([]);
		},
		SLOW,
	);
});
