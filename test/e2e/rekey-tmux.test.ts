import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_DIR_ENV, openWizardStore } from '../../source/store/index.js';
import { CLI, runCli, tool, writeLabCluster } from '../support/cli.js';
import { type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { ScreenLog, startTmux, type TmuxSession } from '../support/tmux.js';

// This file's own lab: other e2e files (and other people's labs) use other names and subnets.
process.env.LAB_PREFIX ??= 'ewr';
process.env.LAB_MGMT_NET ??= '10.82.0';
process.env.LAB_CLUSTER_NET ??= '10.93.0';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const DAY = 86_400_000;

const serialOf = async (file: string) => new X509Certificate(await readFile(file)).serialNumber;

describe('etcd-wizard rekey in a real terminal (tmux, 80x24) against three lab hosts', () => {
	let lab: Lab;
	let file: string;
	let pki: string;
	let term: TmuxSession | undefined;
	const screens = new ScreenLog(
		join(ARTIFACTS, `rekey-tmux-${new Date().toISOString().replace(/[:.]/g, '-')}`),
	);

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		file = await writeLabCluster(lab);
		pki = join(dirname(file), 'pki');
		const r = await runCli(['apply', file, '--yes', '--accept-new-host-keys']);
		expect(r.code, r.stderr).toBe(0);
	});

	afterAll(async () => {
		await term?.kill();
		console.log(`rekey screens: ${screens.dir}`);
		// The cluster dir holds a CA key for hosts that go down with the lab: nothing to keep.
		if (file) await rm(dirname(file), { recursive: true, force: true });
		await labDown();
	});

	/** The program as a person's terminal runs it (under CI, Ink draws only the last frame). */
	async function open(name: string): Promise<TmuxSession> {
		await term?.kill();
		term = await startTmux(name, ['env', '-u', 'CI', process.execPath, CLI, 'rekey', file], {
			width: 80,
			height: 24,
		});
		return term;
	}

	/** Sends keys, then waits for the screen they lead to and keeps it. */
	async function press(
		label: string,
		keys: readonly string[],
		expected: string | RegExp,
		timeoutMs?: number,
	) {
		const t = term as TmuxSession;
		if (keys.length > 0) await t.keys(...keys);
		const screen = await t.waitFor(expected, timeoutMs);
		await screens.save(label, screen);
		return screen;
	}

	it('lists every certificate, renews every member through the screen, ends healthy', async () => {
		const before = await serialOf(join(pki, 'members', 'etcd1', 'server.crt'));
		await open('ewr-renew');
		const inventory = await press('inventory', [], '11 certificates');
		for (const host of lab.hosts) {
			expect(inventory).toMatch(
				new RegExp(`^ *${host.name} +server\\.crt +${host.name} .* same$`, 'm'),
			);
		}
		expect(inventory).toMatch(/^\s+issuer {3}CN=lab etcd CA · SHA256 [0-9A-F:]+…$/m);
		await press('menu', ['Enter'], '❯ Renew member certificates');
		await press('members', ['Enter'], '3 of 3 chosen');
		const plan = await press('plan', ['Enter'], 'Go ahead? (y/n)');
		expect(plan).toContain('rekey: new server and peer certificates for etcd1, etcd2, etcd3');
		await press('running', ['y'], 'Renewing member certificates');
		const done = await press('done', [], 'lab is healthy: 3 members', 180_000);
		// Above the screen only the cluster file's warnings (etcd 3.4 is end of life), nothing stray.
		expect(done).toMatch(/^etcd-wizard rekey · Certificates renewed +cluster lab$/m);
		for (const host of lab.hosts) {
			expect(done).toMatch(new RegExp(`\\| ${host.name} .* healthy `));
			expect(done).toMatch(
				new RegExp(`^ {2}${host.name} +server [0-9a-f]{16} +peer [0-9a-f]{16}$`, 'm'),
			);
		}
		expect(done).toContain('same CA SHA256');
		await press('exited', ['q'], /\[exited \d+\]/);
		expect(await (term as TmuxSession).exitStatus()).toBe(0);
		expect(await serialOf(join(pki, 'members', 'etcd1', 'server.crt'))).not.toBe(before);
	});

	it('issues a 30-day client certificate for kube-apiserver through the screen', async () => {
		const t = await open('ewr-client');
		await press('client-inventory', [], '11 certificates');
		await press('client-menu', ['Enter'], '❯ Renew member certificates');
		await press('client-menu-ca', ['Down'], '❯ Rotate the CA');
		await press('client-menu-client', ['Down'], '❯ Issue a client certificate');
		await press('client-form', ['Enter'], '› Name');
		await t.type('kube-apiserver');
		await t.waitFor(/› Name {14}kube-apiserver/);
		await press('client-days', ['Enter'], /› Validity \(days\) {3}365/);
		for (const left of ['36', '3', '']) {
			await t.keys('BSpace');
			await t.waitFor(new RegExp(`› Validity \\(days\\)${left ? ` {3}${left}` : ''} *$`, 'm'));
		}
		await t.type('30');
		await t.waitFor(/› Validity \(days\) {3}30 *$/m);
		const issued = await press('client-issued', ['Enter'], 'Client certificate issued');
		const cert = join(pki, 'clients', 'kube-apiserver.crt');
		expect(issued).toContain(`certificate  ${cert}`);
		const verified = await tool('openssl', [
			'verify',
			'-CAfile',
			join(pki, 'ca.crt'),
			'-purpose',
			'sslclient',
			cert,
		]);
		expect(verified).toContain(': OK');
		const text = await tool('openssl', [
			'x509',
			'-in',
			cert,
			'-noout',
			'-subject',
			'-enddate',
			'-ext',
			'extendedKeyUsage',
		]);
		expect(text).toMatch(/subject=CN ?= ?kube-apiserver/);
		expect(text).toContain('TLS Web Client Authentication');
		const end = new Date(/notAfter=(.*)/.exec(text)?.[1] ?? '').getTime();
		expect(Math.round((end - Date.now()) / DAY)).toBe(30);
		const listed = await press('client-listed', ['Enter'], '12 certificates');
		expect(listed).toContain('↓');
		await press('client-exited', ['q'], /\[exited \d+\]/);
		expect(await t.exitStatus()).toBe(0);
	});
	it('hands a recent cluster from the wizard’s start menu to the re-key screen', async () => {
		const configDir = await mkdtemp(join(tmpdir(), 'ewr-config-'));
		try {
			openWizardStore({ [CONFIG_DIR_ENV]: configDir }).rememberFile(file);
			await term?.kill();
			term = await startTmux(
				'ewr-handoff',
				['env', '-u', 'CI', `${CONFIG_DIR_ENV}=${configDir}`, process.execPath, CLI],
				{ width: 80, height: 24 },
			);
			await press('handoff-start', [], 'Set up a new etcd cluster');
			// One key at a time: keys that arrive together reach the menu as one.
			await press('handoff-open', ['Down'], '❯ Open a recent cluster file');
			await press('handoff-health', ['Down'], '❯ Check the health');
			await press('handoff-menu', ['Down'], '❯ Re-key the certificates');
			await press('handoff-files', ['Enter'], 'Re-key which cluster?');
			const inventory = await press('handoff-inventory', ['Enter'], /1[12] certificates/);
			expect(inventory).toMatch(/^etcd-wizard rekey/m);
			await press('handoff-exited', ['q'], /\[exited \d+\]/);
			expect(await (term as TmuxSession).exitStatus()).toBe(0);
		} finally {
			await rm(configDir, { recursive: true, force: true });
		}
	});
});
