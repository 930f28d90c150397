import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../source/events/run-event.js';
import { type MemberMaterial, splitCertificates } from '../../../source/pki/index.js';
import { renewalStand, rotationStand } from '../../../source/rekey/abort-report.js';
import { RekeyAbortedError } from '../../../source/rekey/errors.js';
import { renewMembers } from '../../../source/rekey/renew.js';
import { rotateCa } from '../../../source/rekey/rotate-ca.js';
import { type FakeCluster, fakeClusterHooks, NAMES } from './fake-cluster.js';
import { config, SLOW, type TestPki } from './fixtures.js';

let pki: TestPki;
let cluster: FakeCluster;
const startCluster = fakeClusterHooks((made) => {
	pki = made;
});

const BACKUP = '/etc/etcd/backup-20261121T233812Z';
const host = (name: string) => cluster.host(name);
const original = (name: string) => pki.members.get(name) as MemberMaterial;
const local = (file: string) => readFile(join(cluster.pkiDir, file), 'utf8');

/** A run whose signal aborts at the `count`-th event `at` matches (as Ctrl-C would then). */
async function abortingRun(at: (e: RunEvent) => boolean, count = 1) {
	cluster = await startCluster();
	const controller = new AbortController();
	let seen = 0;
	return cluster.run({
		signal: controller.signal,
		onEvent: (e) => {
			if (at(e) && ++seen === count) controller.abort();
		},
	});
}

const started = (step: string) => (e: RunEvent) =>
	e.type === 'node-step-started' && e.step === step;

/** The RekeyAbortedError a run ends with; also checks it was shown as a log event. */
async function aborted(work: Promise<unknown>): Promise<RekeyAbortedError> {
	const error = await work.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(RekeyAbortedError);
	const abort = error as RekeyAbortedError;
	expect(abort.name).toBe('AbortError');
	expect(cluster.events).toContainEqual({
		type: 'log',
		level: 'warn',
		message: `${abort.message}\nnext: ${abort.next}`,
	});
	return abort;
}

describe('Ctrl-C during a renewal', () => {
	it(
		'finishes the member under way, stops before the next and says where things stand',
		SLOW,
		async () => {
			const run = await abortingRun(started('serving'));
			const error = await aborted(renewMembers(run, NAMES));
			expect(error.message).toBe(
				[
					'rekey stopped (Ctrl-C); no member was left half-changed',
					`etcd1: renewed (new certificates on the host and in ${cluster.pkiDir}/members/)`,
					'etcd2: not renewed, unchanged',
					`${cluster.pkiDir}/admin.crt was not renewed (it is renewed once every member is)`,
					`backups stay on the hosts in ${BACKUP}`,
				].join('\n'),
			);
			expect(error.next).toBe(
				'run `etcd-wizard rekey <cluster.yaml>` again, or renew only the rest: --member etcd2',
			);
			expect(host('etcd1').file('server.crt')).not.toBe(original('etcd1').serverCert);
			expect(await local('members/etcd1/server.crt')).toBe(host('etcd1').file('server.crt'));
			expect(host('etcd2').file('server.crt')).toBe(original('etcd2').serverCert);
			expect(host('etcd2').commands).toEqual([]);
			expect(await local('admin.crt')).toBe(pki.admin.certPem);
		},
	);
});

describe('Ctrl-C during a CA rotation', () => {
	it(
		'in phase 1: the member restarting finishes; a rerun starts over and completes',
		SLOW,
		async () => {
			const run = await abortingRun(started('restart'));
			const error = await aborted(rotateCa(run));
			expect(error.message).toBe(
				[
					'rekey --ca stopped (Ctrl-C) in phase 1 of 3 (trust the old and the new CA); no member was left down or half-changed',
					'etcd1: trust the old and the new CA (restarted, healthy)',
					'etcd2: unchanged, trust the old CA',
					'every member presents certificates of the old CA',
					`${cluster.pkiDir} is unchanged (the old CA); the new CA was discarded`,
					`backups stay on the hosts in ${BACKUP}`,
				].join('\n'),
			);
			expect(error.next).toContain('run `etcd-wizard rekey <cluster.yaml> --ca` again');
			expect(host('etcd1').restarts).toBe(1);
			expect(splitCertificates(host('etcd1').file('ca.crt'))).toHaveLength(2);
			expect(host('etcd2').commands).toEqual([]);
			expect(await local('ca.crt')).toBe(pki.ca.certPem);
			expect(await readdir(cluster.pkiDir)).not.toContain('ca.prev.crt');

			// The rerun copes with etcd1 trusting the discarded CA: its bundle is replaced.
			const rotated = await rotateCa(await cluster.run());
			const newCa = await local('ca.crt');
			expect(newCa).not.toBe(pki.ca.certPem);
			for (const name of NAMES) expect(host(name).file('ca.crt')).toBe(newCa);
			expect(rotated.restarted).toEqual(['etcd1', 'etcd2', 'etcd1', 'etcd2']);
			expect(rotated.adminSerial).toBe(
				new X509Certificate(await local('admin.crt')).serialNumber.toLowerCase(),
			);
			expect(await readdir(cluster.pkiDir)).not.toContain('ca.prev.crt');
		},
	);

	it('in phase 2: puts back the members that took new certificates', SLOW, async () => {
		let phase2 = false;
		const run = await abortingRun((e) => {
			if (e.type === 'phase') phase2 ||= e.title.startsWith('Certificates from the new CA');
			return phase2 && started('serving')(e);
		});
		const error = await aborted(rotateCa(run));
		expect(error.message.split('\n')).toEqual([
			'rekey --ca stopped (Ctrl-C) in phase 2 of 3 (certificates from the new CA); no member was left down or half-changed',
			`etcd1: previous certificates put back from ${BACKUP}/2-new-certs`,
			'the cluster is healthy again',
			'every member trusts the old and the new CA',
			'every member presents certificates of the old CA',
			`${cluster.pkiDir} is unchanged (the old CA); the new CA was discarded`,
			`backups stay on the hosts in ${BACKUP}`,
		]);
		for (const name of NAMES) {
			expect(host(name).file('server.crt')).toBe(original(name).serverCert);
			expect(host(name).file('etcd.conf.yml')).toBe(config(name, pki.ca.certPem));
			expect(splitCertificates(host(name).file('ca.crt'))).toHaveLength(2);
		}
		expect(await local('ca.crt')).toBe(pki.ca.certPem);
	});

	it(
		'in phase 3: the PKI keeps the new CA; a rerun finishes with the members left',
		SLOW,
		async () => {
			const run = await abortingRun(started('restart'), 3);
			const error = await aborted(rotateCa(run));
			const newCa = await local('ca.crt');
			expect(error.message.split('\n')).toEqual([
				'rekey --ca stopped (Ctrl-C) in phase 3 of 3 (trust only the new CA); no member was left down or half-changed',
				'etcd1: trust only the new CA (restarted, healthy)',
				'etcd2: still trust the old and the new CA',
				'every member presents certificates of the new CA',
				`${cluster.pkiDir} holds the new CA and a new admin certificate; the previous CA is kept as ca.prev.crt/ca.prev.key until the rotation finishes`,
				`backups stay on the hosts in ${BACKUP}`,
			]);
			expect(error.next).toBe(
				'run `etcd-wizard rekey <cluster.yaml> --ca` again to finish (etcd2 restarted to trust only the new CA), or `etcd-wizard apply <cluster.yaml>`',
			);
			expect(host('etcd1').file('ca.crt')).toBe(newCa);
			expect(await local('ca.prev.crt')).toBe(pki.ca.certPem);

			const rerun = await cluster.run();
			expect(rerun.prepared.pendingRotation).toEqual(['etcd2']);
			const finished = await rotateCa(rerun);
			expect(finished.restarted).toEqual(['etcd2']);
			expect(finished.adminSerial).toBeUndefined();
			for (const name of NAMES) {
				expect(host(name).file('ca.crt')).toBe(newCa);
				expect(host(name).restarts).toBe(2);
				expect(finished.members.find((m) => m.name === name)?.serverSerial).toBe(
					new X509Certificate(host(name).file('server.crt')).serialNumber.toLowerCase(),
				);
			}
			expect(await local('ca.crt')).toBe(newCa);
			expect(await readdir(cluster.pkiDir)).not.toContain('ca.prev.crt');
			expect((await readdir(host('etcd2').root)).filter((f) => f.startsWith('.'))).toEqual([]);
		},
	);

	it('before the first change: nothing is touched', SLOW, async () => {
		const run = await abortingRun((e) => e.type === 'phase' && e.title.startsWith('A new CA'));
		const error = await aborted(rotateCa(run));
		expect(error.message).toBe(
			`rekey --ca stopped (Ctrl-C) before any host was changed\n${cluster.pkiDir} is unchanged (the old CA); the new CA was discarded`,
		);
		for (const name of NAMES) expect(host(name).commands).toEqual([]);
	});
});

describe('stand reports', () => {
	const ctx = { names: ['etcd1', 'etcd2', 'etcd3'], pkiDir: '/ops/pki' };

	it('say nothing of backups when the run kept none', () => {
		expect(rotationStand({ phase: 'both', done: [] }, ctx).lines).not.toContainEqual(
			expect.stringContaining('backups'),
		);
		expect(renewalStand([], ctx, false)).toEqual({
			lines: [
				'rekey stopped (Ctrl-C) before any member was renewed; no member was left half-changed',
				'etcd1, etcd2, etcd3: not renewed, unchanged',
			],
			next: 'run `etcd-wizard rekey <cluster.yaml>` again',
		});
	});

	it('list the members a renewal of chosen members did not reach', () => {
		const stand = renewalStand(['etcd1'], { ...ctx, backupDir: '/etc/etcd/backup-x' }, false);
		expect(stand.lines).toEqual([
			'rekey stopped (Ctrl-C); no member was left half-changed',
			'etcd1: renewed (new certificates on the host and in /ops/pki/members/)',
			'etcd2, etcd3: not renewed, unchanged',
			'backups stay on the hosts in /etc/etcd/backup-x',
		]);
		expect(stand.next).toContain('--member etcd2 --member etcd3');
	});
});
