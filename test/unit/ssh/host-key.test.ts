import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkHostKey, type HostKeyContext } from '../../../source/ssh/host-key.js';
import { fingerprint, parseKnownHosts } from '../../../source/ssh/known-hosts.js';
import { readKnownHosts } from '../../../source/ssh/known-hosts-file.js';
import { makeKey } from './keys.js';

let dir: string;
let key: Awaited<ReturnType<typeof makeKey>>;
let other: Awaited<ReturnType<typeof makeKey>>;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'host-key-'));
	[key, other] = await Promise.all([makeKey(dir, 'a'), makeKey(dir, 'b')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function context(file: string, extra: Partial<HostKeyContext> = {}): HostKeyContext {
	return {
		name: 'etcd1',
		address: '10.3.0.1',
		port: 2222,
		knownHostsFile: file,
		entries: [],
		acceptNewHostKeys: false,
		hashKnownHosts: true,
		...extra,
	};
}

describe('checkHostKey', () => {
	it('refuses an unknown key without a way to trust it, pointing at the flag', async () => {
		const file = join(dir, 'refuse');
		const error = await checkHostKey(context(file), key.blob).catch((e: unknown) => e);
		expect(error).toMatchObject({
			host: 'etcd1',
			hint: `run with --accept-new-host-keys to trust it on first use (fingerprint ${fingerprint(key.blob)})`,
		});
		expect(await readKnownHosts(file)).toEqual([]);
	});

	it('records an unknown key when new keys are accepted', async () => {
		const file = join(dir, 'accept');
		await checkHostKey(context(file, { acceptNewHostKeys: true }), key.blob);
		const entries = await readKnownHosts(file);
		await expect(checkHostKey(context(file, { entries }), key.blob)).resolves.toBeUndefined();
	});

	it('asks the prompt, pausing the timeout, and records only what it accepts', async () => {
		const file = join(dir, 'ask');
		const onPrompt = vi.fn();
		const no = vi.fn(async () => false);
		await expect(
			checkHostKey(context(file, { onUnknownHostKey: no, onPrompt }), key.blob),
		).rejects.toThrow('was not trusted');
		expect(no).toHaveBeenCalledWith({
			host: 'etcd1',
			port: 2222,
			fingerprint: fingerprint(key.blob),
			keyType: 'ssh-ed25519',
		});
		expect(onPrompt.mock.calls).toEqual([[true], [false]]);
		expect(await readKnownHosts(file)).toEqual([]);
		await checkHostKey(context(file, { onUnknownHostKey: async () => true }), key.blob);
		expect(await readKnownHosts(file)).toHaveLength(1);
	});

	it('refuses a changed key even with acceptNewHostKeys, naming both fingerprints and the line', async () => {
		const file = join(dir, 'changed');
		const entries = parseKnownHosts(`[10.3.0.1]:2222 ssh-ed25519 ${key.blob.toString('base64')}\n`);
		const error = await checkHostKey(
			context(file, { entries, acceptNewHostKeys: true }),
			other.blob,
		).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		const { message, hint } = error as Error & { hint: string };
		expect(message).toContain(fingerprint(other.blob));
		expect(message).toContain(fingerprint(key.blob));
		expect(message).toContain('line 1');
		expect(hint).toContain(`ssh-keygen -R '[10.3.0.1]:2222' -f ${file}`);
	});
});
