import { execFile } from 'node:child_process';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, writeLabCluster } from '../support/cli.js';
import { type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { ScreenLog, startTmux, type TmuxSession } from '../support/tmux.js';

// This file's own lab: other e2e files (and other people's labs) use other names and subnets.
process.env.LAB_PREFIX ??= 'ewp';
process.env.LAB_MGMT_NET ??= '10.84.0';
process.env.LAB_CLUSTER_NET ??= '10.95.0';

const run = promisify(execFile);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SECRET = 'secret';

describe('an encrypted SSH key: the health view and the re-key screen ask its passphrase (tmux, 80x24)', () => {
	let lab: Lab;
	let file: string;
	let key: string;
	let term: TmuxSession | undefined;
	const screens = new ScreenLog(
		join(ARTIFACTS, `passphrase-tmux-${new Date().toISOString().replace(/[:.]/g, '-')}`),
	);

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		file = await writeLabCluster(lab);
		const r = await runCli(['apply', file, '--yes', '--accept-new-host-keys']);
		expect(r.code, r.stderr).toBe(0);
		// From here on the cluster file names an encrypted copy of the lab key.
		key = join(dirname(file), 'id_encrypted');
		await copyFile(lab.sshKey, key);
		await run('chmod', ['600', key]);
		await run('ssh-keygen', ['-q', '-p', '-P', '', '-N', SECRET, '-f', key]);
		const text = await readFile(file, 'utf8');
		await writeFile(file, text.replace(`identityFile: ${lab.sshKey}`, `identityFile: ${key}`));
	});

	afterAll(async () => {
		await term?.kill();
		console.log(`passphrase screens: ${screens.dir}`);
		// The cluster dir holds a CA key for hosts that go down with the lab: nothing to keep.
		if (file) await rm(dirname(file), { recursive: true, force: true });
		await labDown();
	});

	/** `etcd-wizard <command> <file>` as a person's terminal runs it (not under CI). */
	async function open(name: string, command: string): Promise<TmuxSession> {
		await term?.kill();
		term = await startTmux(name, ['env', '-u', 'CI', process.execPath, CLI, command, file], {
			width: 80,
			height: 24,
		});
		return term;
	}

	/** Sends keys (or types text), then waits for the screen they lead to and keeps it. */
	async function step(
		label: string,
		send: { keys?: readonly string[]; text?: string },
		expected: string | RegExp,
		timeoutMs?: number,
	) {
		const t = term as TmuxSession;
		if (send.text) await t.type(send.text);
		if (send.keys) await t.keys(...send.keys);
		const screen = await t.waitFor(expected, timeoutMs);
		await screens.save(label, screen);
		return screen;
	}

	it('refuses the key headless, naming ssh-add', async () => {
		const r = await runCli(['health', file]);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain(`identity file ${key} is encrypted`);
		expect(r.stderr).toContain(`ssh-add ${key}`);
		expect(r.stderr).not.toContain(SECRET);
	});

	it('health asks, refuses a wrong passphrase and asks again, then shows 3 healthy members', async () => {
		await open('ewp-health', 'health');
		const asked = await step('health-asked', {}, 'is encrypted');
		expect(asked).toContain(`${key} is encrypted: type its passphrase`);
		expect(asked).toContain('Enter unlock · Esc quit');
		await step('health-typed-wrong', { text: 'not-it' }, /› Key passphrase +\*{6}/);
		const wrong = await step('health-wrong', { keys: ['Enter'] }, 'does not open the key');
		expect(wrong).not.toContain('not-it');
		await step('health-typed', { text: SECRET }, /› Key passphrase +\*{6}\s/);
		const healthy = await step('health-healthy', { keys: ['Enter'] }, 'pass 1;', 60_000);
		expect(healthy).toContain('cluster lab: healthy');
		for (const host of lab.hosts) expect(healthy).toMatch(new RegExp(`${host.name} .* healthy`));
		expect(healthy).not.toContain(SECRET);
		await step('health-exited', { keys: ['q'] }, /\[exited \d+\]/);
		expect(await (term as TmuxSession).exitStatus()).toBe(0);
	});

	it('rekey asks, then lists the inventory; q quits', async () => {
		await open('ewp-rekey', 'rekey');
		const asked = await step('rekey-asked', {}, 'is encrypted');
		expect(asked).toMatch(/^etcd-wizard rekey · SSH key +cluster lab$/m);
		await step('rekey-typed', { text: SECRET }, /› Key passphrase +\*{6}\s/);
		const inventory = await step('rekey-inventory', { keys: ['Enter'] }, '11 certificates', 60_000);
		for (const host of lab.hosts) {
			expect(inventory).toMatch(
				new RegExp(`^ *${host.name} +server\\.crt +${host.name} .* same$`, 'm'),
			);
		}
		await step('rekey-exited', { keys: ['q'] }, /\[exited \d+\]/);
		expect(await (term as TmuxSession).exitStatus()).toBe(0);
	});
});
