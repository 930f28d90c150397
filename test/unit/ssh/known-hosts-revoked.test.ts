import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkHostKey } from '../../../source/ssh/host-key.js';
import {
	fingerprint,
	hashHostName,
	parseKnownHosts,
	verifyHostKey,
} from '../../../source/ssh/known-hosts.js';
import { readKnownHosts } from '../../../source/ssh/known-hosts-file.js';
import { makeKey } from './keys.js';

// sshd(8), SSH_KNOWN_HOSTS FILE FORMAT: "@revoked ... the key contained on the line is revoked
// and must not ever be accepted". The project's policy (verifyHostKey's comment) is that a key
// revoked on any line is refused for every host, whatever host pattern the @revoked line names:
// a key that leaked from one machine must not be trusted when another machine presents it.

let dir: string;
let leaked: Awaited<ReturnType<typeof makeKey>>;
let good: Awaited<ReturnType<typeof makeKey>>;
const b64 = (blob: Buffer) => blob.toString('base64');

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'known-hosts-revoked-'));
	[leaked, good] = await Promise.all([makeKey(dir, 'leaked'), makeKey(dir, 'good')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('verifyHostKey: a revoked key is refused for every host', () => {
	const revokedVerdict = (line: number) => ({
		status: 'revoked',
		fingerprint: fingerprint(leaked.blob),
		line,
	});

	it('when the @revoked line names another host than the one that trusts the key', () => {
		const entries = parseKnownHosts(
			[
				`10.0.0.1 ${leaked.type} ${b64(leaked.blob)}`,
				`@revoked 10.0.0.2 ${leaked.type} ${b64(leaked.blob)}`,
			].join('\n'),
		);
		expect(verifyHostKey(entries, '10.0.0.1', 22, leaked.blob)).toEqual(revokedVerdict(2));
		expect(verifyHostKey(entries, '10.0.0.2', 22, leaked.blob)).toEqual(revokedVerdict(2));
	});

	it('when the host has no line at all (not "unknown", which --accept-new-host-keys records)', () => {
		const entries = parseKnownHosts(`@revoked old-box ${leaked.type} ${b64(leaked.blob)}\n`);
		expect(verifyHostKey(entries, '10.0.0.7', 22, leaked.blob)).toEqual(revokedVerdict(1));
	});

	it('when the @revoked line is for another port, a hashed name or a negated pattern', () => {
		for (const hosts of [
			'[10.0.0.1]:2222',
			hashHostName('10.0.0.9'),
			'*.lan,!10.0.0.1',
			'!10.0.0.1',
		]) {
			const entries = parseKnownHosts(
				[
					`10.0.0.1 ${good.type} ${b64(good.blob)}`,
					`@revoked ${hosts} ${leaked.type} ${b64(leaked.blob)}`,
				].join('\n'),
			);
			expect(verifyHostKey(entries, '10.0.0.1', 22, leaked.blob), hosts).toEqual(revokedVerdict(2));
			// The host's own, unrevoked key is still known.
			expect(verifyHostKey(entries, '10.0.0.1', 22, good.blob), hosts).toEqual({
				status: 'known',
			});
		}
	});

	it('names the @revoked line, not the line that trusts the key', () => {
		const entries = parseKnownHosts(
			[
				'# keys',
				`@revoked decommissioned ${leaked.type} ${b64(leaked.blob)}`,
				`etcd1,10.0.0.1 ${leaked.type} ${b64(leaked.blob)}`,
			].join('\n'),
		);
		expect(verifyHostKey(entries, 'etcd1', 22, leaked.blob)).toEqual(revokedVerdict(2));
	});
});

describe('checkHostKey: a key revoked for another host', () => {
	it('is refused even with --accept-new-host-keys or a prompt that says yes, and is not recorded', async () => {
		const file = join(dir, 'known_hosts');
		const entries = parseKnownHosts(`@revoked 10.9.9.9 ${leaked.type} ${b64(leaked.blob)}\n`);
		const yes = vi.fn(async () => true);
		const error = await checkHostKey(
			{
				name: 'etcd1',
				address: '10.3.0.1',
				port: 22,
				knownHostsFile: file,
				entries,
				acceptNewHostKeys: true,
				hashKnownHosts: true,
				onUnknownHostKey: yes,
			},
			leaked.blob,
		).catch((e: unknown) => e);
		expect(error).toMatchObject({
			host: 'etcd1',
			message: `host key ${fingerprint(leaked.blob)} of etcd1 (10.3.0.1:22) is marked @revoked in ${file} line 1`,
		});
		expect(yes).not.toHaveBeenCalled();
		expect(await readKnownHosts(file)).toEqual([]);
	});
});
