import { X509Certificate } from 'node:crypto';
import { chmod, cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createCa,
	ensurePki,
	issueMemberCertificates,
	loadPki,
	type PkiAction,
	type PkiBundle,
} from '../../../source/pki/index.js';
import { opensslVerify, SLOW, tempDirs } from './helpers.js';

const DAY_MS = 86_400_000;
const etcd1 = { name: 'etcd1', ip: '10.88.0.11' };
const etcd3 = { name: 'etcd3', ip: '10.88.0.13' };
const members = [etcd1, { name: 'etcd2', ip: '10.88.0.12' }, etcd3];
const LEAF_FILES = ['server.crt', 'server.key', 'peer.crt', 'peer.key'];
const ALL_FILES = [
	'ca.crt',
	'ca.key',
	'admin.crt',
	'admin.key',
	...members.flatMap((m) => LEAF_FILES.map((f) => `members/${m.name}/${f}`)),
];
const dirs = tempDirs();
let base: string;
let bundle: PkiBundle;

beforeAll(async () => {
	base = join(await dirs.make(), 'pki');
	bundle = await ensurePki(base, 'homelab', members);
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

/** Every file under `dir` by relative path. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	const files = entries.filter((entry) => entry.isFile());
	const pairs = await Promise.all(
		files.map(async (entry) => {
			const path = join(entry.parentPath, entry.name);
			return [path.slice(dir.length + 1), await readFile(path)] as const;
		}),
	);
	return new Map(pairs);
}

/** A copy of the base PKI to change. */
async function copyOfBase(): Promise<string> {
	const dir = join(await dirs.make(), 'pki');
	await cp(base, dir, { recursive: true });
	return dir;
}

/** The files that changed between two snapshots. */
function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
	return [...after.keys()]
		.filter((file) => !before.get(file)?.equals(after.get(file) ?? Buffer.alloc(0)))
		.sort();
}

function notKept(actions: readonly PkiAction[]): PkiAction[] {
	return actions.filter((action) => action.action !== 'kept');
}

describe('ensurePki', SLOW, () => {
	it('creates the CA, admin and every member in the layout design.md gives', async () => {
		expect(bundle.actions).toEqual(ALL_FILES.map((file) => ({ file, action: 'created' })));
		expect([...(await snapshot(base)).keys()].sort()).toEqual([...ALL_FILES].sort());
		expect([...bundle.members.keys()]).toEqual(['etcd1', 'etcd2', 'etcd3']);
		expect(await readFile(join(base, 'ca.crt'), 'utf8')).toBe(bundle.caCert);
		expect(await readFile(join(base, 'admin.key'), 'utf8')).toBe(bundle.adminKey);
		const etcd2 = bundle.members.get('etcd2');
		expect(await readFile(join(base, 'members/etcd2/peer.crt'), 'utf8')).toBe(etcd2?.peerCert);
		expect(new X509Certificate(etcd2?.serverCert ?? '').subjectAltName).toContain(
			'IP Address:10.88.0.12',
		);
	});

	it('keeps keys 0600 and dirs 0700, certificates 0644', async () => {
		const mode = async (path: string) => (await stat(join(base, path))).mode & 0o777;
		expect(await mode('.')).toBe(0o700);
		expect(await mode('members')).toBe(0o700);
		expect(await mode('members/etcd1')).toBe(0o700);
		for (const file of ALL_FILES) {
			expect([file, await mode(file)]).toEqual([file, file.endsWith('.key') ? 0o600 : 0o644]);
		}
		const leftovers = (await readdir(base, { recursive: true })).filter((name) =>
			name.includes('.tmp'),
		);
		expect(leftovers).toEqual([]);
	});

	it('writes certificates that openssl verifies against ca.crt from disk', async () => {
		const scratch = await dirs.make();
		const ca = await readFile(join(base, 'ca.crt'), 'utf8');
		for (const m of members) {
			const server = await readFile(join(base, `members/${m.name}/server.crt`), 'utf8');
			expect((await opensslVerify(scratch, ca, server, 'sslserver')).code).toBe(0);
		}
		expect((await opensslVerify(scratch, ca, bundle.adminCert, 'sslclient')).code).toBe(0);
	});

	it('keeps everything on a second run, byte for byte', async () => {
		const dir = await copyOfBase();
		const before = await snapshot(dir);
		const again = await ensurePki(dir, 'homelab', members);
		expect(again.actions).toEqual(ALL_FILES.map((file) => ({ file, action: 'kept' })));
		expect(changedFiles(before, await snapshot(dir))).toEqual([]);
		expect(again.members.get('etcd3')).toEqual(bundle.members.get('etcd3'));
		expect(again.caCert).toBe(bundle.caCert);
	});

	it("reissues only a member's certificates when its address changes, naming the address", async () => {
		const dir = await copyOfBase();
		const before = await snapshot(dir);
		const moved = members.map((m) => (m.name === 'etcd2' ? { ...m, ip: '10.88.0.22' } : m));
		const result = await ensurePki(dir, 'homelab', moved);
		const reason = 'SANs changed: missing IP 10.88.0.22, unexpected IP 10.88.0.12';
		expect(notKept(result.actions)).toEqual(
			LEAF_FILES.map((f) => ({ file: `members/etcd2/${f}`, action: 'reissued', reason })),
		);
		expect(changedFiles(before, await snapshot(dir))).toEqual(
			LEAF_FILES.map((f) => `members/etcd2/${f}`).sort(),
		);
		const peer = new X509Certificate(result.members.get('etcd2')?.peerCert ?? '');
		expect(peer.subjectAltName).toBe('IP Address:10.88.0.22, DNS:etcd2');
		expect(peer.checkIssued(new X509Certificate(result.caCert))).toBe(true);
	});

	it('renews leaves close to expiry and keeps the CA', async () => {
		const dir = await copyOfBase();
		const notAfter = new Date(new X509Certificate(bundle.adminCert).validTo);
		const now = new Date(notAfter.getTime() - 12 * DAY_MS);
		const result = await ensurePki(dir, 'homelab', members, { now, validityDays: 90 });
		expect(result.actions.slice(0, 2)).toEqual([
			{ file: 'ca.crt', action: 'kept' },
			{ file: 'ca.key', action: 'kept' },
		]);
		const renewed = result.actions.slice(2);
		expect(renewed).toHaveLength(ALL_FILES.length - 2);
		for (const action of renewed) {
			expect(action).toMatchObject({ action: 'reissued', reason: 'expires in 12 days' });
		}
		const admin = new X509Certificate(result.adminCert);
		expect(new Date(admin.validTo).getTime()).toBe(
			Math.floor(now.getTime() / 1000) * 1000 + 90 * DAY_MS,
		);
		const kept = await ensurePki(dir, 'homelab', members, { now });
		expect(notKept(kept.actions)).toEqual([]);
	});

	it('reissues a certificate signed by another CA', async () => {
		const dir = await copyOfBase();
		const foreign = await issueMemberCertificates(await createCa('homelab'), etcd3);
		await writeFile(join(dir, 'members/etcd3/server.crt'), foreign.serverCert);
		await writeFile(join(dir, 'members/etcd3/server.key'), foreign.serverKey);
		const result = await ensurePki(dir, 'homelab', members);
		const reason = 'not signed by the current CA';
		expect(notKept(result.actions)).toEqual([
			{ file: 'members/etcd3/server.crt', action: 'reissued', reason },
			{ file: 'members/etcd3/server.key', action: 'reissued', reason },
		]);
		const server = new X509Certificate(result.members.get('etcd3')?.serverCert ?? '');
		expect(server.verify(new X509Certificate(result.caCert).publicKey)).toBe(true);
	});

	it('creates a missing key and certificate, and narrows a key readable by others', async () => {
		const dir = await copyOfBase();
		await rm(join(dir, 'members/etcd1/peer.key'));
		await chmod(join(dir, 'admin.key'), 0o644);
		const result = await ensurePki(dir, 'homelab', members);
		expect(notKept(result.actions)).toEqual([
			{ file: 'members/etcd1/peer.crt', action: 'reissued', reason: 'key missing' },
			{ file: 'members/etcd1/peer.key', action: 'created' },
		]);
		expect(result.actions).toContainEqual({
			file: 'admin.key',
			action: 'kept',
			reason: 'mode narrowed to 0600',
		});
		expect((await stat(join(dir, 'admin.key'))).mode & 0o777).toBe(0o600);
	});

	it('leaves members no longer in the cluster alone', async () => {
		const dir = await copyOfBase();
		const before = await snapshot(dir);
		const result = await ensurePki(dir, 'homelab', members.slice(0, 2));
		expect([...result.members.keys()]).toEqual(['etcd1', 'etcd2']);
		expect(result.actions.some((a) => a.file.includes('etcd3'))).toBe(false);
		expect(await snapshot(dir)).toEqual(before);
	});

	it('makes a new CA only when both CA files are gone, then reissues every leaf', async () => {
		const dir = await copyOfBase();
		await rm(join(dir, 'ca.crt'));
		await rm(join(dir, 'ca.key'));
		const result = await ensurePki(dir, 'homelab', members);
		expect(result.actions.slice(0, 2)).toEqual([
			{ file: 'ca.crt', action: 'created' },
			{ file: 'ca.key', action: 'created' },
		]);
		for (const action of result.actions.slice(2)) {
			expect(action).toEqual({
				file: action.file,
				action: 'reissued',
				reason: 'a new CA was created',
			});
		}
		expect(result.caCert).not.toBe(bundle.caCert);
		const ca = new X509Certificate(result.caCert);
		expect(new X509Certificate(result.adminCert).checkIssued(ca)).toBe(true);
	});

	it('refuses a CA whose key does not match, changing nothing', async () => {
		const dir = await copyOfBase();
		const other = await createCa('homelab');
		await writeFile(join(dir, 'ca.key'), other.keyPem, { mode: 0o600 });
		const before = await snapshot(dir);
		await expect(ensurePki(dir, 'homelab', members)).rejects.toThrow(
			`${join(dir, 'ca.key')} does not match ${join(dir, 'ca.crt')}`,
		);
		expect(await snapshot(dir)).toEqual(before);
	});

	it('refuses to guess when one CA file is missing', async () => {
		const dir = await copyOfBase();
		await rm(join(dir, 'ca.key'));
		await expect(ensurePki(dir, 'homelab', members)).rejects.toThrow(
			`${join(dir, 'ca.key')} is missing but ${join(dir, 'ca.crt')} exists`,
		);
	});

	it('refuses bad member names and addresses before touching the disk', async () => {
		const dir = join(await dirs.make(), 'untouched');
		await expect(ensurePki(dir, 'homelab', [{ name: 'etcd1', ip: 'wg0' }])).rejects.toThrow(
			'member etcd1: "wg0" is not an IP address',
		);
		await expect(ensurePki(dir, 'homelab', [{ name: '../etc', ip: '10.0.0.1' }])).rejects.toThrow(
			'hosts[0].name "../etc" cannot name a certificate',
		);
		await expect(ensurePki(dir, 'homelab', [etcd1, etcd1])).rejects.toThrow(
			'hosts[1].name "etcd1" is used twice',
		);
		await expect(stat(dir)).rejects.toThrow('ENOENT');
	});
});

describe('loadPki', SLOW, () => {
	it('loads what health needs', async () => {
		expect(await loadPki(base)).toEqual({
			caCert: bundle.caCert,
			adminCert: bundle.adminCert,
			adminKey: bundle.adminKey,
		});
	});

	it('names the missing file and says to run apply', async () => {
		const dir = await copyOfBase();
		await rm(join(dir, 'admin.key'));
		await expect(loadPki(dir)).rejects.toThrow(
			`${join(dir, 'admin.key')} is missing: run \`etcd-wizard apply <cluster.yaml>\` to create the PKI`,
		);
	});
});
