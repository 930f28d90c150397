import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findIdentityFiles, wizardOutcome } from '../../../source/commands/wizard.js';

describe('findIdentityFiles', () => {
	it('offers the private keys in ~/.ssh, ed25519 first, written with ~', async () => {
		const home = await mkdtemp(join(tmpdir(), 'wizard-home-'));
		try {
			await mkdir(join(home, '.ssh'));
			for (const name of [
				'id_rsa',
				'id_rsa.pub',
				'id_ed25519',
				'id_ed25519.pub',
				'config',
				'known_hosts',
				'id_ecdsa_sk',
			]) {
				await writeFile(join(home, '.ssh', name), '');
			}
			await mkdir(join(home, '.ssh', 'id_dir'));
			expect(await findIdentityFiles(home)).toEqual([
				'~/.ssh/id_ed25519',
				'~/.ssh/id_rsa',
				'~/.ssh/id_ecdsa_sk',
			]);
			expect(await findIdentityFiles(join(home, 'nowhere'))).toEqual([]);
		} finally {
			await rm(home, { recursive: true, force: true });
		}
	});
});

describe('wizardOutcome', () => {
	it('ends with the exit code, or with 0 and the file the start menu hands to re-keying', () => {
		expect(wizardOutcome(130)).toEqual({ code: 130 });
		expect(wizardOutcome({ rekey: '/srv/lab/cluster.yaml' })).toEqual({
			code: 0,
			rekeyFile: '/srv/lab/cluster.yaml',
		});
	});
});
