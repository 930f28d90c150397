import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { ScreenLog, startTmux, type TmuxSession } from '../support/tmux.js';

// This file's own lab: other e2e files (and other people's labs) use other names and subnets.
process.env.LAB_PREFIX ??= 'eww';
process.env.LAB_MGMT_NET ??= '10.80.0';
process.env.LAB_CLUSTER_NET ??= '10.91.0';

const run = promisify(execFile);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Columns a field's label takes (source/ui/field-row.tsx). */
const LABEL_WIDTH = 20;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The line of the focused field `label` holding `text` as typed (not as a placeholder, which
 * sits one column further, after the cursor). A value longer than one line matches by its start.
 */
function fieldLine(label: string, text: string): RegExp {
	const start = `› ${label}`.padEnd(LABEL_WIDTH);
	const whole = text.length <= 40;
	// capture-pane drops trailing blanks: an empty field's line ends after its label.
	const shown = (start + text.slice(0, 40)).trimEnd();
	return new RegExp(`^${escapeRegExp(shown)}${whole ? ' *$' : ''}`, 'm');
}

/** The SHA256 fingerprints of a lab host's own SSH host keys, read from its root. */
async function hostFingerprints(lab: Lab, name: string): Promise<string[]> {
	const dir = join(lab.state, 'hosts', name, 'root', 'etc', 'ssh');
	const keys = (await readdir(dir)).filter((f) => /^ssh_host_\w+_key\.pub$/.test(f));
	const lines = await Promise.all(keys.map((f) => run('ssh-keygen', ['-lf', join(dir, f)])));
	return lines.map((r) => r.stdout.split(' ')[1] ?? '');
}

describe('the wizard in a real terminal (tmux, 80x24) against three lab hosts', () => {
	let lab: Lab;
	let term: TmuxSession | undefined;
	let home: string;
	let clusterDir: string;
	let configDir: string;
	const screens = new ScreenLog(
		join(ARTIFACTS, `wizard-tmux-${new Date().toISOString().replace(/[:.]/g, '-')}`),
	);

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		home = await mkdtemp(join(tmpdir(), 'etcd-wizard-home-'));
		clusterDir = await mkdtemp(join(tmpdir(), 'etcd-wizard-tmux-'));
		configDir = await mkdtemp(join(tmpdir(), 'etcd-wizard-conf-'));
	});

	afterAll(async () => {
		await term?.kill();
		console.log(`wizard screens: ${screens.dir}`);
		// The cluster dir holds a CA key for hosts that go down with the lab: nothing to keep.
		for (const dir of [home, configDir, clusterDir]) {
			if (dir) await rm(dir, { recursive: true, force: true });
		}
		await labDown();
	});

	/** Sends keys, then waits for the screen they lead to and keeps it. */
	async function press(label: string, keys: readonly string[], expected: string | RegExp) {
		const t = term as TmuxSession;
		if (keys.length > 0) await t.keys(...keys);
		const screen = await t.waitFor(expected);
		await screens.save(label, screen);
		return screen;
	}

	/**
	 * Types `text` into the focused field `label` and waits for its line to show it (a long value
	 * by its start, as it wraps), so the Enter that follows is never read together with it.
	 */
	async function typeInto(label: string, text: string) {
		const t = term as TmuxSession;
		await t.type(text);
		await t.waitFor(fieldLine(label, text));
	}

	/** Enter from field to field: each of `labels` takes the focus in turn. */
	async function enterThrough(step: string, labels: readonly string[]) {
		for (const label of labels) {
			await press(`${step}-${label.split(' ')[0]?.toLowerCase()}`, ['Enter'], `› ${label}`);
		}
	}

	/** Deletes the focused field's `value` one key at a time (a burst would be read as one key). */
	async function clearField(label: string, value: string) {
		const t = term as TmuxSession;
		for (let left = value.length - 1; left >= 0; left -= 1) {
			await t.keys('BSpace');
			await t.waitFor(fieldLine(label, value.slice(0, left)));
		}
	}

	it('walks from the first screen to a healthy cluster, then apply changes nothing', async () => {
		const started = Date.now();
		term = await startTmux(
			'eww-wizard',
			[
				'env',
				'-u',
				'SSH_AUTH_SOCK',
				// A person's terminal: under CI, Ink draws only the last frame and the app refuses prompts.
				'-u',
				'CI',
				`HOME=${home}`,
				`ETCD_WIZARD_CONFIG_DIR=${configDir}`,
				process.execPath,
				CLI,
				'init',
				clusterDir,
			],
			{ width: 80, height: 24 },
		);
		await press('start', [], 'Set up a new etcd cluster');
		await press('name', ['Enter'], '› Cluster name');
		await typeInto('Cluster name', 'lab');
		await press('directory', ['Enter'], '› Directory');
		await press('ssh', ['Enter'], fieldLine('SSH user', 'root'));
		await clearField('SSH user', 'root');
		await typeInto('SSH user', lab.user);
		await press('ssh-port', ['Enter'], '› SSH port');
		await press('identity', ['Enter'], '❯ another key file');
		await press('key-file', ['Enter'], '› Key file');
		await typeInto('Key file', lab.sshKey);
		await press('passphrase', ['Enter'], '› Key passphrase');
		await press('hosts', ['Enter'], '❯ + add a host');
		for (const [i, host] of lab.hosts.entries()) {
			await press(`host-${i + 1}-form`, ['Enter'], '› Name');
			await typeInto('Name', host.name);
			await press(`host-${i + 1}-address`, ['Enter'], '› Address');
			await typeInto('Address', host.address);
			await press(`host-${i + 1}-added`, ['Enter'], `${host.name.padEnd(16)} ${host.address}`);
		}
		await press('hosts-done', ['Down'], '❯ continue with 3 hosts');

		// Every host's key is asked, one at a time, with its SHA256 fingerprint.
		await term.keys('Enter');
		const asked = new Set<string>();
		while (asked.size < lab.hosts.length) {
			const screen = await term.waitFor(
				new RegExp(
					`(${lab.hosts
						.filter((h) => !asked.has(h.name))
						.map((h) => h.name)
						.join('|')}) \\(port 22\\) has a host key`,
				),
			);
			const host = /(\S+) \(port 22\) has a host key/.exec(screen)?.[1] ?? '';
			await screens.save(`host-key-${host}`, screen);
			const shown = /(SHA256:[A-Za-z0-9+/]{43})/.exec(screen)?.[1];
			expect(await hostFingerprints(lab, host), `${host}'s fingerprint on screen`).toContain(shown);
			asked.add(host);
			await term.type('y');
		}
		const facts = await press('connected', [], /Enter next · Esc back/);
		for (const host of lab.hosts) expect(facts).toMatch(new RegExp(`${host.name}\\s+.*wg0`));

		await press('interface', ['Enter'], /❯ wg0\s+on every host/);
		await enterThrough('ports', ['Client port', 'Peer port']);
		await enterThrough('owner', ['User', 'Group', 'uid (optional)', 'gid (optional)']);
		await press('release', ['Enter'], '› etcd release');
		await press('release-3.5', ['Down'], '❯ 3.5.21');
		await press('release-3.4', ['Down'], '❯ 3.4.23');
		await press('source', ['Enter'], '› Get it from');
		await press('source-mirror', ['Down'], '❯ Download from a mirror');
		await press('download-url', ['Enter'], '› Tarball URL');
		await typeInto('Tarball URL', lab.mirror.downloadUrl);
		await press('checksum-url', ['Enter'], '› SHA256SUMS URL');
		await typeInto('SHA256SUMS URL', lab.mirror.checksumUrl);
		await press('tuning', ['Enter'], '› Heartbeat (ms)');
		// The preflight runs on arriving here; its round trips fill heartbeat and election timeout.
		const checked = await press('preflight', [], /check lab: .*passed; nothing stops apply/);
		expect(checked).toMatch(
			/recommended from measured RTT [\d.]+ ms: heartbeat 100, election timeout 1000$/m,
		);
		expect(checked).toMatch(fieldLine('Heartbeat (ms)', '100'));
		expect(checked).toMatch(/^ {2}Election timeout {2}1000 *$/m);
		const tuning = ['Election timeout', 'Snapshot count', 'Backend quota', 'Auto-compaction'];
		await enterThrough('tuning', [...tuning, 'Extra etcd flags']);
		await press('review', ['Enter'], '1 Summary');
		await press('confirm', ['Enter'], '(y/n)');
		await term.type('y');
		const provisioning = await term.waitFor('Provisioning');
		await screens.save('provisioning', provisioning);
		const done = await term.waitFor(/is healthy: 3 members/, 300_000);
		await screens.save('done', done);
		// Nothing but the wizard wrote to the terminal (a stray warning would scroll it).
		expect(done.split('\n')[0]).toMatch(/^etcd-wizard · Done +step 13 of 13$/);
		for (const host of lab.hosts) expect(done).toMatch(new RegExp(`${host.name} .* healthy `));
		const wizardMs = Date.now() - started;

		// Enter quits: the program ends with 0 for a healthy cluster.
		await press('exited', ['Enter'], /\[exited \d+\]/);
		expect(await term.exitStatus()).toBe(0);

		const file = join(clusterDir, 'cluster.yaml');
		const text = await readFile(file, 'utf8');
		expect(text).toContain(`user: ${lab.user}`);
		expect(text).toMatch(/version: "?3\.4\.23"?\n/);
		expect(text).toContain(`downloadUrl: ${lab.mirror.downloadUrl}`);
		expect(text).toContain('interface: wg0');

		// The known_hosts the wizard wrote (in its HOME) makes --accept-new-host-keys unneeded.
		const applyStarted = Date.now();
		const previousHome = process.env.HOME;
		process.env.HOME = home;
		const applied = runCli(['apply', file, '--yes']);
		process.env.HOME = previousHome;
		const r = await applied;
		expect(r.code, r.stderr).toBe(0);
		expect(`${r.stdout}\n${r.stderr}`).toContain('nothing changed');
		console.log(
			`wizard walk-through: ${wizardMs} ms; apply of the saved file: ${Date.now() - applyStarted} ms`,
		);
	});
});
