import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyDefaults, saveClusterFile } from '../../../source/cluster/index.js';
import { checkClusterKey, checkIdentity } from '../../../source/commands/cluster-key.js';
import { HOSTS } from '../state/wizard/fixtures.js';

const run = promisify(execFile);

describe('checkClusterKey', () => {
	let dir: string;
	/** A cluster file beside `dir` whose ssh section is `ssh`. */
	const clusterWith = async (name: string, ssh: Record<string, unknown>) => {
		const file = join(dir, `${name}.yaml`);
		await saveClusterFile(file, applyDefaults({ name: 'lab', hosts: HOSTS, ssh }));
		return file;
	};

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'wizard-key-'));
		const keygen = (file: string, passphrase: string) =>
			run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', join(dir, file)]);
		await Promise.all([keygen('locked', 'hunter2'), keygen('open', '')]);
	});

	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('asks the passphrase of an encrypted key, relative to the cluster file, until it opens', async () => {
		const file = await clusterWith('locked', { identityFile: './locked' });
		const identityFile = join(dir, 'locked');
		expect(await checkClusterKey(file)).toEqual({ status: 'needed', identityFile });
		expect(await checkClusterKey(file, 'hunter3')).toEqual({ status: 'wrong', identityFile });
		expect(await checkClusterKey(file, 'hunter2')).toEqual({ status: 'ok' });
	});

	it('needs nothing for a key without passphrase, the agent, or a key the check will name', async () => {
		for (const [name, ssh] of [
			['open', { identityFile: './open' }],
			['agent', { agent: true }],
			['missing', { identityFile: './missing' }],
			['public', { identityFile: './open.pub' }],
		] as const) {
			expect(await checkClusterKey(await clusterWith(name, ssh)), name).toEqual({ status: 'ok' });
		}
	});

	it('asks nothing of an encrypted key the agent is to hold (ssh.agent: true, an agent running)', async () => {
		const file = await clusterWith('locked-agent', { identityFile: './locked', agent: true });
		try {
			vi.stubEnv('SSH_AUTH_SOCK', '/run/agent.sock');
			expect(await checkClusterKey(file)).toEqual({ status: 'ok' });
			vi.stubEnv('SSH_AUTH_SOCK', undefined);
			expect(await checkClusterKey(file)).toMatchObject({ status: 'needed' });
		} finally {
			vi.unstubAllEnvs();
		}
	});

	it('rejects a cluster file that cannot be read, naming it', async () => {
		await expect(checkClusterKey(join(dir, 'nowhere.yaml'))).rejects.toThrow('nowhere.yaml');
	});

	it('says why a key file named directly holds no key to use', async () => {
		await writeFile(join(dir, 'notes.txt'), 'not a key\n');
		const reasons: Record<string, string> = {
			missing: 'there is no such file',
			'open.pub': 'it is a public key; choose the file without .pub',
			'.': 'it is a directory',
		};
		for (const [name, reason] of Object.entries(reasons)) {
			const identityFile = join(dir, name);
			expect(await checkIdentity(identityFile), name).toEqual({
				status: 'unusable',
				identityFile,
				reason,
			});
		}
		expect(await checkIdentity(join(dir, 'notes.txt'))).toMatchObject({
			status: 'unusable',
			reason: expect.stringMatching(/^it is not a private key \(.+\)$/),
		});
	});

	it('checks a key file named directly, ~ being the home directory', async () => {
		const locked = join(dir, 'locked');
		expect(await checkIdentity(locked)).toEqual({ status: 'needed', identityFile: locked });
		expect(await checkIdentity(locked, '')).toEqual({ status: 'wrong', identityFile: locked });
		expect(await checkIdentity(locked, 'hunter2')).toEqual({ status: 'ok' });
		try {
			vi.stubEnv('HOME', dir);
			expect(await checkIdentity('~/locked', 'hunter3')).toEqual({
				status: 'wrong',
				identityFile: '~/locked',
			});
			expect(await checkIdentity('~/open')).toEqual({ status: 'ok' });
		} finally {
			vi.unstubAllEnvs();
		}
		// A plain key opens with or without a passphrase.
		expect(await checkIdentity(join(dir, 'open'), 'anything')).toEqual({ status: 'ok' });
	});
});
