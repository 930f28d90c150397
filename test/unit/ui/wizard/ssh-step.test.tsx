import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanup } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkIdentity } from '../../../../source/commands/cluster-key.js';
import { stepFields } from '../../../../source/state/wizard/fields.js';
import type { Answers } from '../../../../source/state/wizard/types.js';
import { renderApp } from '../../../support/harness.js';
import { KEYS, plain, press, pressTimes, waitFor } from '../../../support/ink.js';
import { fakeEffects } from '../../state/wizard/fake-effects.js';
import { stateAt } from '../../state/wizard/fixtures.js';

const run = promisify(execFile);

afterEach(cleanup);

/** The SSH step's frame down to the fields, with `tail` as the passphrase field's rows. */
const frameWith = (identity: string, tail: readonly string[]) =>
	[
		'etcd-wizard · SSH login                                             step 3 of 13',
		'',
		'etcd-wizard logs in to every host with one SSH connection each. Found 2 keys in',
		'~/.ssh. Host keys are checked against ~/.ssh/known_hosts.',
		'',
		'  SSH user          root',
		'  SSH port          22',
		`  Log in with       ${identity}`,
		...tail,
		'',
		'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit',
	].join('\n');

const HELP = [
	'                    kept in memory for this run only, never written; empty when',
	'                    the key has none',
];

describe('ssh step: the key file is checked before the step is left', () => {
	// The fixture's keys, made real in a home of their own: id_ed25519 encrypted, id_rsa plain.
	let home: string;
	beforeAll(async () => {
		home = await mkdtemp(join(tmpdir(), 'wizard-ssh-step-'));
		await mkdir(join(home, '.ssh'), { mode: 0o700 });
		const keygen = (file: string, passphrase: string) =>
			run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', join(home, '.ssh', file)]);
		await Promise.all([keygen('id_ed25519', 'hunter2'), keygen('id_rsa', '')]);
		vi.stubEnv('HOME', home);
	});
	afterAll(async () => {
		vi.unstubAllEnvs();
		await rm(home, { recursive: true, force: true });
	});

	/** The app on the SSH step, its key checked for real; `checked` counts the checks. */
	const atSsh = (answers: Partial<Answers>, field: 'identity' | 'identityFile' | 'passphrase') => {
		const ssh = stateAt('ssh');
		const state = { ...ssh, answers: { ...ssh.answers, ...answers } };
		const checked: (string | undefined)[] = [];
		const { effects } = fakeEffects({
			checkIdentity: (file, passphrase) => {
				checked.push(file);
				return checkIdentity(file, passphrase);
			},
		});
		const app = renderApp({ ...state, focus: stepFields(state).indexOf(field) }, effects);
		return { view: app.view, checked };
	};

	it('says an encrypted key needs its passphrase, then that a wrong one does not open it', async () => {
		const { view, checked } = atSsh({}, 'passphrase');
		await waitFor(view, '› Key passphrase');
		let frame = await press(view, KEYS.enter, '✘');
		expect(frame).toBe(
			frameWith('key file ~/.ssh/id_ed25519', [
				'› Key passphrase',
				...HELP,
				'                    ✘ ~/.ssh/id_ed25519 is encrypted: type its passphrase',
			]),
		);
		await press(view, 'hunter3', (f) => f.includes('*******') && !f.includes('✘'));
		frame = await press(view, KEYS.enter, '✘');
		expect(frame).toBe(
			frameWith('key file ~/.ssh/id_ed25519', [
				'› Key passphrase    *******',
				...HELP,
				'                    ✘ that passphrase does not open ~/.ssh/id_ed25519; type it',
				'                    again',
			]),
		);
		await pressTimes(view, KEYS.backspace, 7);
		await press(view, 'hunter2', (f) => f.includes('*******') && !f.includes('✘'));
		await press(view, KEYS.enter, 'etcd-wizard · Hosts');
		expect(checked).toEqual(['~/.ssh/id_ed25519', '~/.ssh/id_ed25519', '~/.ssh/id_ed25519']);
		expect(view.frames.some((f) => plain(f).includes('hunter'))).toBe(false);
	});

	it('lets a plain key through with no passphrase, and checks nothing for the agent', async () => {
		const plainKey = atSsh({ identity: '~/.ssh/id_rsa' }, 'passphrase');
		await waitFor(plainKey.view, '› Key passphrase');
		await press(plainKey.view, KEYS.enter, 'etcd-wizard · Hosts');
		expect(plainKey.checked).toEqual(['~/.ssh/id_rsa']);
		cleanup();

		const agent = atSsh({}, 'identity');
		await waitFor(agent.view, '❯ key file ~/.ssh/id_ed25519');
		await press(agent.view, KEYS.up, '❯ the ssh-agent (SSH_AUTH_SOCK is set)');
		// Picked, the agent leaves no passphrase to ask: it is the step's last field.
		await press(agent.view, KEYS.enter, 'etcd-wizard · Hosts');
		expect(agent.checked).toEqual([]);
	});

	it('names a typed key file that holds no key under that field, and stays', async () => {
		const { view, checked } = atSsh(
			{ identity: 'other', identityFile: '~/.ssh/id_rsa.pub' },
			'passphrase',
		);
		await waitFor(view, '› Key passphrase');
		const frame = plain(await press(view, KEYS.enter, '✘'));
		expect(checked).toEqual(['~/.ssh/id_rsa.pub']);
		// The message sits under the key file's field, which has the focus, not the passphrase's.
		expect(frame).toBe(
			frameWith('another key file…', [
				'› Key file          ~/.ssh/id_rsa.pub',
				'                    the private key; ~ is your home directory',
				'                    ✘ no SSH key to use in ~/.ssh/id_rsa.pub: it is a public',
				'                    key; choose the file without .pub',
				'  Key passphrase',
			]),
		);
	});
});
