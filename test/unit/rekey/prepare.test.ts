import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caBundle, type MemberMaterial } from '../../../source/pki/index.js';
import { certificateInventory } from '../../../source/rekey/inventory.js';
import { type LocalPki, readLocalPki } from '../../../source/rekey/local-pki.js';
import { formatRekeyPlan } from '../../../source/rekey/plan.js';
import { pendingRotation, rekeyProblems } from '../../../source/rekey/prepare.js';
import { selectedMembers } from '../../../source/rekey/rekey.js';
import { clusterToken } from '../../../source/render/index.js';
import type { HostFacts } from '../../../source/shell/facts.js';
import { hostFacts, makePki, SLOW, SPEC, type TestPki, tempDirs } from './fixtures.js';

const dirs = tempDirs();
let pki: TestPki;
let other: TestPki;

beforeAll(async () => {
	[pki, other] = await Promise.all([makePki(), makePki()]);
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

const spec = SPEC;
const facts = (name: string, from: TestPki, change: Parameters<typeof hostFacts>[2] = {}) =>
	hostFacts(name, from, { trusted: pki.ca.certPem, ...change });
const material = (from: TestPki, name: string) => from.members.get(name) as MemberMaterial;

function localPki(): LocalPki {
	return { dir: '/ops/pki', ca: pki.ca, admin: pki.admin, members: new Map() };
}

function problems(hosts: HostFacts[], ca: boolean): string[] {
	const all = new Map(hosts.map((h) => [h.hostname, h]));
	const inventory = certificateInventory({
		confDir: '/etc/etcd',
		pkiDir: './pki',
		hosts: hosts.map((h) => ({
			name: h.hostname,
			files: new Map([...h.files].map(([path, f]) => [path, f.content])),
		})),
		local: localPki(),
		now: new Date(),
	});
	return rekeyProblems(spec, all, localPki(), inventory, ca).map((p) => `${p.host}: ${p.message}`);
}

describe('rekeyProblems', () => {
	it('finds none on a cluster as apply leaves it', () => {
		const hosts = [facts('etcd1', pki), facts('etcd2', pki)];
		expect(problems(hosts, false)).toEqual([]);
		expect(problems(hosts, true)).toEqual([]);
	});

	it('refuses a stopped member and hosts that do not trust the local CA', () => {
		const hosts = [facts('etcd1', pki, { active: 'failed' }), facts('etcd2', other)];
		expect(problems(hosts, false)).toEqual([
			'etcd1: etcd is failed on etcd1',
			'etcd2: etcd2 does not trust the CA in /ops/pki/ca.crt',
		]);
	});

	it('for a CA rotation also wants leaves from the local CA and the config apply wrote', () => {
		const hosts = [
			facts('etcd1', other, { ca: caBundle(other.ca.certPem, pki.ca.certPem) }),
			facts('etcd2', pki, { token: 'homelab-0123456789ab' }),
		];
		expect(problems(hosts, false)).toEqual([]);
		expect(problems(hosts, true)).toEqual([
			'etcd1: etcd1: /etc/etcd/server.crt was not issued by the CA in /ops/pki/ca.crt',
			'etcd1: etcd1: /etc/etcd/peer.crt was not issued by the CA in /ops/pki/ca.crt',
			`etcd2: etcd2: /etc/etcd/etcd.conf.yml names initial-cluster-token homelab-0123456789ab, not ${clusterToken(spec, pki.ca.certPem)} (this cluster file and CA)`,
		]);
	});
});

describe('pendingRotation', () => {
	const bundle = () => caBundle(other.ca.certPem, pki.ca.certPem);
	const pending = (hosts: HostFacts[], previousCa?: string) =>
		pendingRotation(spec, new Map(hosts.map((h) => [h.hostname, h])), {
			ca: pki.ca,
			...(previousCa ? { previousCa } : {}),
		});

	it('names the hosts that trust the local CA and another while ca.prev.* is kept', () => {
		const hosts = [facts('etcd1', pki), facts('etcd2', pki, { ca: bundle() })];
		expect(pending(hosts, other.ca.certPem)).toEqual(['etcd2']);
		// Without ca.prev.* a bundle is not a rotation of this PKI's to finish.
		expect(pending(hosts)).toEqual([]);
		// A bundle without the local CA is not either.
		expect(pending([facts('etcd1', pki, { ca: other.ca.certPem })], other.ca.certPem)).toEqual([]);
	});
});

describe('selectedMembers', () => {
	const prepared = {
		members: [
			{ name: 'etcd1', clusterIp: 'a' },
			{ name: 'etcd2', clusterIp: 'b' },
		],
	};

	it('takes every member by default, else the ones asked for in the cluster file order', () => {
		expect(selectedMembers(prepared, undefined)).toEqual(['etcd1', 'etcd2']);
		expect(selectedMembers(prepared, [])).toEqual(['etcd1', 'etcd2']);
		expect(selectedMembers(prepared, ['etcd2', 'etcd1'])).toEqual(['etcd1', 'etcd2']);
	});

	it('names members that are not in the cluster file', () => {
		expect(() => selectedMembers(prepared, ['etcd2', 'etcd9'])).toThrow(
			'etcd9 is not in the cluster file (members: etcd1, etcd2)',
		);
	});
});

describe('readLocalPki', () => {
	it('reads the CA, the admin pair, members and a previous CA, and names a missing file', async () => {
		const dir = await dirs.make();
		await expect(readLocalPki(dir, [])).rejects.toThrow(`${join(dir, 'ca.crt')} is missing`);
		await writeFile(join(dir, 'ca.crt'), pki.ca.certPem);
		await writeFile(join(dir, 'ca.key'), pki.ca.keyPem);
		await expect(readLocalPki(dir, [])).rejects.toThrow(
			`${join(dir, 'admin.crt')} is missing: rekey checks the cluster with the admin certificate`,
		);
		await writeFile(join(dir, 'admin.crt'), pki.admin.certPem);
		await writeFile(join(dir, 'admin.key'), pki.admin.keyPem);
		await writeFile(join(dir, 'ca.prev.crt'), other.ca.certPem);
		await mkdir(join(dir, 'members/etcd1'), { recursive: true });
		await writeFile(join(dir, 'members/etcd1/server.crt'), material(pki, 'etcd1').serverCert);
		const read = await readLocalPki(dir, ['etcd1', 'etcd2']);
		expect(read.ca).toEqual(pki.ca);
		expect(read.previousCa).toBe(other.ca.certPem);
		expect(read.members.get('etcd1')).toEqual({ server: material(pki, 'etcd1').serverCert });
		expect(read.members.get('etcd2')).toEqual({});
	});
});

describe('formatRekeyPlan', () => {
	const prepared = () => ({ spec, local: localPki() });

	it('says a renewal restarts nothing and where the backups go', () => {
		expect(formatRekeyPlan(prepared(), { ca: false, members: ['etcd2'] })).toBe(
			[
				'rekey: new server and peer certificates for etcd2 from the same CA; no restart',
				'  one member at a time: its files kept in /etc/etcd/backup-<time>/ on each host, the new certificates and keys moved in together, both ports checked for the new serials, the cluster checked for health',
				'  /ops/pki/members/<name>/ is updated as each member is done; backups are removed at the end',
			].join('\n'),
		);
		// Every member renewed: the admin certificate too.
		expect(formatRekeyPlan(prepared(), { ca: false, members: ['etcd1', 'etcd2'] })).toMatch(
			/backups are removed at the end\n {2}then a new admin client certificate: \/ops\/pki\/admin\.crt and admin\.key \(0600\)$/,
		);
	});

	it('lays out the finish of a rotation an earlier run stopped in its last phase', () => {
		const text = formatRekeyPlan(
			{ ...prepared(), pendingRotation: ['etcd2'] },
			{ ca: true, members: ['etcd1', 'etcd2'] },
		);
		expect(text.split('\n')).toEqual([
			'rekey --ca: finishes the CA rotation an earlier run stopped in its last phase (/ops/pki holds the new CA)',
			'  etcd2, one at a time, the leader last: trust only the new CA, restart once healthy',
			'  1 restart, never more than one member down; files kept in /etc/etcd/backup-<time>/ on each host until the run succeeds',
			'  then /ops/pki/ca.prev.* goes; certificates of the old CA (the old admin certificate too) are refused',
		]);
	});

	it('lays out the three phases of a CA rotation and counts its restarts', () => {
		const text = formatRekeyPlan(prepared(), { ca: true, members: ['etcd1', 'etcd2'] });
		expect(text.split('\n')).toEqual([
			'rekey --ca: a new CA for cluster homelab, and every certificate from it',
			'  1. etcd1, etcd2, one at a time, the leader last: trust the old and the new CA (ca.crt = both), restart once healthy',
			'  2. etcd1, etcd2, one at a time: server and peer certificates from the new CA, no restart; then /ops/pki switches to the new CA and a new admin certificate (old CA kept as ca.prev.*)',
			'  3. etcd1, etcd2, one at a time, the leader last: trust only the new CA, restart once healthy',
			'  4 restarts, never more than one member down; files kept in /etc/etcd/backup-<time>/ on each host until the run succeeds',
			'  afterwards certificates of the old CA (the old admin certificate too) are refused',
		]);
	});
});
