import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	fingerprint,
	formatKnownHostLine,
	hashHostName,
	keyTypeOf,
	lookupKnownHost,
	parseKnownHosts,
	preferredHostKeyAlgorithms,
	verifyHostKey,
} from '../../../source/ssh/known-hosts.js';
import { makeKey, run } from './keys.js';

let dir: string;
let ed: Awaited<ReturnType<typeof makeKey>>;
let other: Awaited<ReturnType<typeof makeKey>>;
let ecdsa: Awaited<ReturnType<typeof makeKey>>;
const b64 = (blob: Buffer) => blob.toString('base64');

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'known-hosts-'));
	[ed, other, ecdsa] = await Promise.all([
		makeKey(dir, 'ed'),
		makeKey(dir, 'other'),
		makeKey(dir, 'ecdsa', 'ecdsa'),
	]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parseKnownHosts', () => {
	it('skips comments, blank, malformed and @cert-authority lines and keeps line numbers', () => {
		const text = [
			'# a comment',
			'',
			'10.0.0.1 ssh-ed25519 AAAAC3Nza',
			'   ',
			'@cert-authority *.lan ssh-ed25519 AAAAC3Nza',
			'broken-line-without-key',
			'10.0.0.2 ssh-ed25519 not*base64',
			'@revoked 10.0.0.3 ssh-ed25519 AAAAC3Nzb comment here',
		].join('\n');
		expect(parseKnownHosts(text)).toEqual([
			{ line: 3, hosts: '10.0.0.1', keyType: 'ssh-ed25519', keyBase64: 'AAAAC3Nza' },
			{
				line: 8,
				marker: 'revoked',
				hosts: '10.0.0.3',
				keyType: 'ssh-ed25519',
				keyBase64: 'AAAAC3Nzb',
			},
		]);
	});

	it('matches plain names, [host]:port, comma lists, globs and negations', () => {
		const entries = parseKnownHosts(
			[
				'etcd1,10.0.0.1 ssh-ed25519 QQ==',
				'[10.0.0.1]:2222 ssh-ed25519 Qg==',
				'*.lan,!bad.lan ssh-ed25519 Qw==',
				'ETCD9 ssh-ed25519 RA==',
			].join('\n'),
		);
		const lines = (host: string, port: number) =>
			lookupKnownHost(entries, host, port).map((entry) => entry.line);
		expect(lines('etcd1', 22)).toEqual([1]);
		expect(lines('10.0.0.1', 22)).toEqual([1]);
		expect(lines('10.0.0.1', 2222)).toEqual([2]);
		expect(lines('etcd1', 2222)).toEqual([]);
		expect(lines('a.lan', 22)).toEqual([3]);
		expect(lines('bad.lan', 22)).toEqual([]);
		expect(lines('etcd9', 22)).toEqual([4]);
		expect(lines('etcd10', 22)).toEqual([]);
	});

	it('matches hashed entries made with a known salt', () => {
		const salt = Buffer.from('0123456789abcdefghij');
		const field = hashHostName('[10.0.0.5]:2200', salt);
		expect(field.startsWith(`|1|${salt.toString('base64')}|`)).toBe(true);
		const entries = parseKnownHosts(`${field} ssh-ed25519 QQ==\n`);
		expect(lookupKnownHost(entries, '10.0.0.5', 2200)).toHaveLength(1);
		expect(lookupKnownHost(entries, '10.0.0.5', 22)).toHaveLength(0);
	});

	it('matches entries hashed by ssh-keygen -H', async () => {
		const file = join(dir, 'to-hash');
		await writeFile(
			file,
			`etcd1 ${ed.type} ${b64(ed.blob)}\n[10.0.0.9]:2222 ${ed.type} ${b64(ed.blob)}\n`,
		);
		await run('ssh-keygen', ['-H', '-f', file]);
		const entries = parseKnownHosts(await readFile(file, 'utf8'));
		expect(entries.every((entry) => entry.hosts.startsWith('|1|'))).toBe(true);
		expect(verifyHostKey(entries, 'etcd1', 22, ed.blob)).toEqual({ status: 'known' });
		expect(verifyHostKey(entries, '10.0.0.9', 2222, ed.blob)).toEqual({ status: 'known' });
		expect(verifyHostKey(entries, 'etcd2', 22, ed.blob).status).toBe('unknown');
	});
});

describe('fingerprint', () => {
	it('is what ssh-keygen -lf shows', async () => {
		for (const key of [ed, ecdsa]) {
			const { stdout } = await run('ssh-keygen', ['-lf', key.pub]);
			expect(fingerprint(key.blob)).toBe(stdout.split(' ')[1]);
		}
	});

	it('names the key type from the blob', () => {
		expect(keyTypeOf(ed.blob)).toBe('ssh-ed25519');
		expect(keyTypeOf(ecdsa.blob)).toBe('ecdsa-sha2-nistp256');
		expect(keyTypeOf(Buffer.from([0, 0]))).toBe('unknown');
	});
});

describe('verifyHostKey', () => {
	it('knows a recorded key, reports an unrecorded host as unknown', () => {
		const entries = parseKnownHosts(formatKnownHostLine('10.0.0.1', 22, ed.blob, false));
		expect(verifyHostKey(entries, '10.0.0.1', 22, ed.blob)).toEqual({ status: 'known' });
		expect(verifyHostKey(entries, '10.0.0.2', 22, ed.blob)).toEqual({
			status: 'unknown',
			fingerprint: fingerprint(ed.blob),
		});
	});

	it('calls a different key of the same or another type changed, naming the known ones', () => {
		const entries = parseKnownHosts(
			`# header\n${formatKnownHostLine('10.0.0.1', 2222, ed.blob)}\n`,
		);
		for (const presented of [other.blob, ecdsa.blob]) {
			expect(verifyHostKey(entries, '10.0.0.1', 2222, presented)).toEqual({
				status: 'changed',
				fingerprint: fingerprint(presented),
				knownFingerprints: [fingerprint(ed.blob)],
				knownLines: [2],
			});
		}
	});

	it('refuses a revoked key even when another line trusts it', () => {
		const entries = parseKnownHosts(
			[`10.0.0.1 ${ed.type} ${b64(ed.blob)}`, `@revoked * ${ed.type} ${b64(ed.blob)}`].join('\n'),
		);
		expect(verifyHostKey(entries, '10.0.0.1', 22, ed.blob)).toEqual({
			status: 'revoked',
			fingerprint: fingerprint(ed.blob),
			line: 2,
		});
	});

	it('prefers host key algorithms of the types already known', () => {
		const entries = parseKnownHosts(
			[`10.0.0.1 ${ecdsa.type} ${b64(ecdsa.blob)}`, `10.0.0.2 ssh-rsa ${b64(ed.blob)}`].join('\n'),
		);
		expect(preferredHostKeyAlgorithms(entries, '10.0.0.1', 22)?.[0]).toBe('ecdsa-sha2-nistp256');
		expect(preferredHostKeyAlgorithms(entries, '10.0.0.2', 22)?.slice(0, 3)).toEqual([
			'rsa-sha2-512',
			'rsa-sha2-256',
			'ssh-rsa',
		]);
		expect(preferredHostKeyAlgorithms(entries, '10.0.0.2', 22)).toHaveLength(7);
		expect(preferredHostKeyAlgorithms(entries, '10.0.0.3', 22)).toBeUndefined();
	});
});
