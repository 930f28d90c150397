import { X509Certificate } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../source/events/run-event.js';
import { type MemberMaterial, splitCertificates } from '../../../source/pki/index.js';
import { RekeyStoppedError } from '../../../source/rekey/errors.js';
import { renewMembers } from '../../../source/rekey/renew.js';
import { rotateCa } from '../../../source/rekey/rotate-ca.js';
import type { RekeyRun } from '../../../source/rekey/run-context.js';
import { clusterToken } from '../../../source/render/index.js';
import { type FakeCluster, fakeClusterHooks, NAMES } from './fake-cluster.js';
import { config, SLOW, SPEC, type TestPki } from './fixtures.js';

let pki: TestPki;
let cluster: FakeCluster;
const startCluster = fakeClusterHooks((made) => {
	pki = made;
});

/** Two fake members as apply left them, a PKI dir with the same files, and a run over them. */
async function setUp(): Promise<{ run: RekeyRun; events: RunEvent[]; pkiDir: string }> {
	cluster = await startCluster();
	return { run: await cluster.run(), events: cluster.events, pkiDir: cluster.pkiDir };
}

const host = (name: string) => cluster.host(name);
const serial = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase();
const original = (name: string) => pki.members.get(name) as MemberMaterial;
const leftovers = async (name: string) =>
	(await readdir(host(name).root)).filter((f) => f.startsWith('backup-') || f.startsWith('.'));
const stopped = async (work: Promise<unknown>): Promise<string> => {
	const error = await work.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(RekeyStoppedError);
	return (error as Error).message;
};

describe('renewMembers', () => {
	it(
		'moves new certificates in one member at a time, without a restart, and keeps them locally',
		SLOW,
		async () => {
			const { run, events, pkiDir } = await setUp();
			const renewed = await renewMembers(run, NAMES);
			for (const name of NAMES) {
				const h = host(name);
				expect(h.restarts).toBe(0);
				expect(serial(h.file('server.crt'))).toBe(
					renewed.members.find((r) => r.name === name)?.serverSerial,
				);
				expect(serial(h.file('server.crt'))).not.toBe(serial(original(name).serverCert));
				expect(h.file('server.crt')).toBe(
					await readFile(join(pkiDir, `members/${name}/server.crt`), 'utf8'),
				);
				expect(h.file('ca.crt')).toBe(pki.ca.certPem);
				expect(await leftovers(name)).toEqual([]);
			}
			const done = events.flatMap((e) =>
				e.type === 'node-step-done' && e.step !== 'issue' ? [`${e.node} ${e.step}`] : [],
			);
			const perMember = ['backup', 'files', 'serving', 'healthy'];
			expect(done.slice(0, 8)).toEqual(NAMES.flatMap((n) => perMember.map((s) => `${n} ${s}`)));
			expect(done.slice(8).sort()).toEqual(['etcd1 cleanup', 'etcd2 cleanup']);
			// Every member renewed: the admin certificate too, same CA, key 0600.
			const admin = new X509Certificate(await readFile(join(pkiDir, 'admin.crt')));
			expect(admin.serialNumber.toLowerCase()).toBe(renewed.adminSerial);
			expect(admin.serialNumber).not.toBe(new X509Certificate(pki.admin.certPem).serialNumber);
			expect(admin.checkIssued(new X509Certificate(pki.ca.certPem))).toBe(true);
			expect((await stat(join(pkiDir, 'admin.key'))).mode & 0o777).toBe(0o600);
			expect(events).toContainEqual(
				expect.objectContaining({
					type: 'log',
					message: expect.stringMatching(/admin\.crt renewed: serial [0-9a-f]+, valid until/),
				}),
			);
			// Certificates and keys are moved in by one mv, each certificate before its key.
			const staged = (f: string) => `/etc/etcd/.rekey-next/${f}`;
			expect(host('etcd1').commands.find((c) => c.startsWith('mv -f'))).toBe(
				`mv -f -- ${['server.crt', 'server.key', 'peer.crt', 'peer.key'].map(staged).join(' ')} /etc/etcd/ && rmdir /etc/etcd/.rekey-next`,
			);
		},
	);

	it('leaves the admin certificate alone when only chosen members are renewed', SLOW, async () => {
		const { run, pkiDir } = await setUp();
		const renewed = await renewMembers(run, ['etcd2']);
		expect(renewed.members.map((m) => m.name)).toEqual(['etcd2']);
		expect(renewed.adminSerial).toBeUndefined();
		expect(await readFile(join(pkiDir, 'admin.crt'), 'utf8')).toBe(pki.admin.certPem);
		expect(host('etcd1').file('server.crt')).toBe(original('etcd1').serverCert);
	});

	it('puts the previous files back on the member that fails and stops', SLOW, async () => {
		const { run, pkiDir } = await setUp();
		host('etcd2').failCommands = /^mv -f/;
		const message = await stopped(renewMembers(run, NAMES));
		expect(message).toContain('renewal stopped at etcd2: command on etcd2 failed with exit code 1');
		expect(message).toContain(
			'etcd2: previous certificates put back from /etc/etcd/backup-20261121T233812Z/renew',
		);
		expect(message).toContain('renewed before the stop (new certificates kept, also in');
		expect(message).toMatch(/: etcd1\n/);
		expect(host('etcd2').file('server.crt')).toBe(original('etcd2').serverCert);
		expect(await readFile(join(pkiDir, 'members/etcd2/server.crt'), 'utf8')).toBe(
			original('etcd2').serverCert,
		);
		expect(host('etcd1').file('server.crt')).not.toBe(original('etcd1').serverCert);
		// No staged file is left; the backup stays until a run succeeds.
		expect(await leftovers('etcd2')).toEqual(['backup-20261121T233812Z']);
	});
});

describe('rotateCa', () => {
	it('moves both members to a new CA in three phases, restarting each twice', SLOW, async () => {
		const { run, pkiDir } = await setUp();
		const rotated = await rotateCa(run);
		const newCa = await readFile(join(pkiDir, 'ca.crt'), 'utf8');
		expect(new X509Certificate(newCa).fingerprint256).toBe(rotated.caFingerprint);
		expect(rotated.restarted).toEqual(['etcd1', 'etcd2', 'etcd1', 'etcd2']);
		const ca = new X509Certificate(newCa);
		for (const name of NAMES) {
			const h = host(name);
			expect(h.restarts).toBe(2);
			expect(h.file('ca.crt')).toBe(newCa);
			for (const file of ['server.crt', 'peer.crt']) {
				expect(new X509Certificate(h.file(file)).checkIssued(ca)).toBe(true);
			}
			expect(h.file('etcd.conf.yml')).toBe(config(name, newCa));
			expect(await leftovers(name)).toEqual([]);
		}
		expect((await readdir(pkiDir)).sort()).toEqual([
			'admin.crt',
			'admin.key',
			'ca.crt',
			'ca.key',
			'members',
		]);
		expect(new X509Certificate(await readFile(join(pkiDir, 'admin.crt'))).checkIssued(ca)).toBe(
			true,
		);
	});

	it(
		'puts back a member that cannot start with both CAs; the cluster stays on the old one',
		SLOW,
		async () => {
			const { run, pkiDir } = await setUp();
			host('etcd2').failRestart = (caFile) => splitCertificates(caFile).length > 1;
			const message = await stopped(rotateCa(run));
			expect(message).toContain(
				'rekey --ca stopped at etcd2, which was to trust the old and the new CA: command on etcd2 failed',
			);
			expect(message).toContain(
				'etcd2: previous files put back from /etc/etcd/backup-20261121T233812Z/1-trust-both and etcd restarted',
			);
			expect(message).toContain('is unchanged; the new CA was discarded');
			expect(host('etcd2').file('ca.crt')).toBe(pki.ca.certPem);
			expect(splitCertificates(host('etcd1').file('ca.crt'))).toHaveLength(2);
			expect(host('etcd1').file('server.crt')).toBe(original('etcd1').serverCert);
			expect(await readFile(join(pkiDir, 'ca.crt'), 'utf8')).toBe(pki.ca.certPem);
			expect(await readdir(pkiDir)).not.toContain('ca.prev.crt');
		},
	);

	it(
		'puts every member back on its old certificates when one cannot take the new ones',
		SLOW,
		async () => {
			const { run } = await setUp();
			host('etcd2').failCommands = /^mv -f .*server\.key/;
			const message = await stopped(rotateCa(run));
			expect(message).toContain(
				'rekey --ca stopped at etcd2, which was to present certificates of the new CA',
			);
			expect(message).toContain('etcd1: previous certificates put back');
			for (const name of NAMES) {
				expect(host(name).file('server.crt')).toBe(original(name).serverCert);
				expect(host(name).file('etcd.conf.yml')).toBe(config(name, pki.ca.certPem));
				expect(splitCertificates(host(name).file('ca.crt'))).toHaveLength(2);
			}
		},
	);

	it(
		'after the switch, keeps the previous CA locally and points to apply to finish',
		SLOW,
		async () => {
			const { run, pkiDir } = await setUp();
			host('etcd2').failRestart = (caFile) =>
				splitCertificates(caFile).length === 1 && caFile !== pki.ca.certPem;
			const message = await stopped(rotateCa(run));
			expect(message).toContain('which was to trust only the new CA');
			expect(message).toContain(
				'holds the new CA; the previous one is kept as ca.prev.crt/ca.prev.key',
			);
			expect(await readFile(join(pkiDir, 'ca.prev.crt'), 'utf8')).toBe(pki.ca.certPem);
			const newCa = await readFile(join(pkiDir, 'ca.crt'), 'utf8');
			expect(host('etcd1').file('ca.crt')).toBe(newCa);
			expect(splitCertificates(host('etcd2').file('ca.crt'))).toHaveLength(2);
			// Both configs name the new CA's token: apply takes the data for this cluster's.
			expect(host('etcd2').file('etcd.conf.yml')).toContain(clusterToken(SPEC, newCa));
		},
	);
});
