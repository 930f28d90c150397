import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentity } from '../../../source/ssh/identity.js';
import { run } from './keys.js';

let dir: string;
let plain: string;
let encrypted: string;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'identity-'));
	plain = join(dir, 'plain');
	encrypted = join(dir, 'encrypted');
	await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plain]);
	await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret words', '-f', encrypted]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadIdentity', () => {
	it('loads a plain key and an encrypted key with its passphrase', async () => {
		expect((await loadIdentity('h', { identityFile: plain })).description).toBe(
			`identity file ${plain}`,
		);
		const identity = await loadIdentity('h', {
			identityFile: encrypted,
			passphrase: 'secret words',
		});
		expect(identity.passphrase).toBe('secret words');
		expect(identity.description).not.toContain('secret');
	});

	it.each<[{ identityFile?: string; passphrase?: string }, string]>([
		[{ identityFile: 'ENC' }, 'identity file ENC is encrypted: give its passphrase'],
		[{ identityFile: 'ENC', passphrase: 'wrong' }, 'the passphrase for identity file ENC is wrong'],
		[
			{ identityFile: 'PUB' },
			'identity file PUB cannot be used: it is a public key; choose the file without .pub',
		],
		[{ identityFile: 'MISSING' }, 'identity file MISSING cannot be used: there is no such file'],
		[{}, 'no SSH credentials for h'],
	])('explains %j', async (raw, message) => {
		const paths: Record<string, string> = {
			ENC: encrypted,
			PUB: `${plain}.pub`,
			MISSING: join(dir, 'missing'),
		};
		const swap = (text: string) => text.replace(/ENC|PUB|MISSING/, (k) => paths[k] ?? k);
		const options = raw.identityFile ? { ...raw, identityFile: swap(raw.identityFile) } : raw;
		await expect(loadIdentity('h', options)).rejects.toThrow(swap(message));
	});

	it('tells a headless command to use ssh-agent or a terminal for an encrypted key', async () => {
		const refused = loadIdentity('h', { identityFile: encrypted });
		await expect(refused).rejects.toMatchObject({
			hint: `load it into ssh-agent (ssh-add ${encrypted}) and set ssh.agent: true in the cluster file, or run the wizard, the re-key screen (etcd-wizard rekey) or the health view (etcd-wizard health) in a terminal: they ask for it`,
		});
	});

	it('leaves an encrypted key to the agent when one is set and no passphrase is given', async () => {
		expect(await loadIdentity('h', { identityFile: encrypted, agent: '/run/agent.sock' })).toEqual({
			agent: '/run/agent.sock',
			description: `the keys of the ssh-agent at /run/agent.sock (${encrypted} is encrypted: the agent must hold it, ssh-add ${encrypted})`,
		});
		await expect(
			loadIdentity('h', { identityFile: encrypted, agent: '/run/agent.sock', passphrase: 'no' }),
		).rejects.toThrow('is wrong');
	});

	it('uses the agent alone when no identity file is set', async () => {
		expect(await loadIdentity('h', { agent: '/run/agent.sock' })).toEqual({
			agent: '/run/agent.sock',
			description: 'the keys of the ssh-agent at /run/agent.sock',
		});
	});
});
