import chalk from 'chalk';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { RekeyEffects, RekeyState } from '../../../../source/state/rekey/types.js';
import { RekeyApp } from '../../../../source/ui/rekey/rekey-app.js';
import { KEYS, press, SCREEN, waitFor } from '../../../support/ink.js';
import {
	entry,
	fakeRekeyEffects,
	issuedClient,
	OVERVIEW,
	opening,
	resultOf,
	unchecked,
} from '../../state/rekey/fixtures.js';

afterEach(cleanup);

function renderApp(
	initial: RekeyState = opening(),
	color = false,
	checkKey?: RekeyEffects['checkKey'],
) {
	const fake = fakeRekeyEffects(checkKey);
	const exits: number[] = [];
	const view = render(
		<RekeyApp
			initial={initial}
			effects={fake.effects}
			onExit={(code) => exits.push(code)}
			{...SCREEN}
			color={color}
		/>,
	);
	return { view, exits, ...fake };
}

/** Rendered and connected: the inventory on screen. */
async function atInventory(initial?: RekeyState) {
	const app = renderApp(initial);
	await waitFor(app.view, 'Connecting to 3 hosts');
	app.pending.prepares[0]?.resolve(OVERVIEW);
	await waitFor(app.view, '11 certificates');
	return app;
}

const INVENTORY = `etcd-wizard rekey · 11 certificates                                  cluster lab

  WHERE    FILE                       SUBJECT        NOT AFTER   DAYS =LOCAL
❯ etcd1    ca.crt                     lab etcd CA    2033-11-11  3649 same
  etcd1    server.crt                 etcd1          2024-11-13   364 same
  etcd1    peer.crt                   etcd1          2024-11-13   364 same
  etcd2    ca.crt                     lab etcd CA    2033-11-11  3649 same
  etcd2    server.crt                 etcd2          2024-11-13   364 same
  etcd2    peer.crt                   etcd2          2024-11-13   364 same
  etcd3    ca.crt                     lab etcd CA    2033-11-11  3649 same
  etcd3    server.crt                 etcd3          2024-11-13   364 same
  etcd3    peer.crt                   etcd3          2024-11-13   364 same
↓ 2 more

etcd1 /etc/etcd/ca.crt
  subject  CN=lab etcd CA · serial 5ee0cd1ca0c00777
  SANs     none
  issuer   CN=lab etcd CA · SHA256 AB:CD:EF:01:23:45…
  expires  2033-11-11 (3649 days left) · host copy = local copy

↑↓ select · Enter choose what to do · q quit`;

const KEY_FILE = '/home/ops/.ssh/id_ed25519';

/** A key that opens only with "hunter2". */
const locked: RekeyEffects['checkKey'] = async (passphrase) =>
	passphrase === 'hunter2'
		? { status: 'ok' }
		: { status: passphrase === undefined ? 'needed' : 'wrong', identityFile: KEY_FILE };

describe('the re-key screen', () => {
	it('asks an encrypted key’s passphrase masked, again when wrong, then connects with it', async () => {
		const { view, calls, pending } = renderApp(unchecked(), false, locked);
		const asked = await waitFor(view, 'is encrypted');
		expect(
			asked,
		).toBe(`etcd-wizard rekey · SSH key                                          cluster lab

/home/ops/.ssh/id_ed25519 is encrypted: type its passphrase to connect to the 3
hosts of cluster lab.

› Key passphrase
                    kept in memory while this runs, never written

Enter unlock · Esc quit`);
		await press(view, 'hunter3', '› Key passphrase    *******');
		const wrong = await press(view, KEYS.enter, 'does not open');
		expect(wrong).toContain(`› Key passphrase
                    kept in memory while this runs, never written
                    ✘ that passphrase does not open the key; type it again`);
		await press(view, 'hunter2', '› Key passphrase    *******');
		const connecting = await press(view, KEYS.enter, 'Connecting to 3 hosts');
		expect(calls.keyChecks).toEqual([undefined, 'hunter3', 'hunter2']);
		expect(calls.prepares.map((reach) => reach.passphrase)).toEqual(['hunter2']);
		expect(connecting).not.toContain('hunter');
		pending.prepares[0]?.resolve(OVERVIEW);
		expect(await waitFor(view, '11 certificates')).toBe(INVENTORY);
	});

	it('takes q as a letter of the passphrase and quits with Esc, having connected nowhere', async () => {
		const { view, calls, exits } = renderApp(unchecked(), false, locked);
		await waitFor(view, 'is encrypted');
		await press(view, 'q', '› Key passphrase    *');
		expect(exits).toEqual([]);
		view.stdin.write(KEYS.esc);
		await waitFor(view, () => exits.length > 0);
		expect(exits).toEqual([0]);
		expect(calls.prepares).toEqual([]);
	});

	it('connects at once when the key needs no passphrase', async () => {
		const { view, calls } = renderApp(unchecked());
		await waitFor(view, 'Connecting to 3 hosts');
		expect(calls.keyChecks).toEqual([undefined]);
		expect(calls.prepares.map((reach) => reach.passphrase)).toEqual([undefined]);
	});

	it('connects with a live line per host, asks an unknown host key, then lists every certificate', async () => {
		const { view, calls, pending } = renderApp();
		await waitFor(view, 'Connecting to 3 hosts');
		const reach = calls.prepares[0];
		if (!reach) throw new Error('prepare was not called');
		reach.emit({
			type: 'node-step-started',
			node: 'etcd1',
			step: 'connect',
			title: 'Connect to 10.0.0.11:22 over SSH',
		});
		const answer = reach.onUnknownHostKey({
			host: 'etcd1',
			port: 22,
			fingerprint: 'SHA256:q1w2e3',
			keyType: 'ssh-ed25519',
		});
		const asked = await waitFor(view, 'SHA256:q1w2e3');
		expect(asked).toContain('etcd1 (port 22) has a host key this machine has not seen before.');
		expect(asked).toContain('ssh-ed25519 key fingerprint SHA256:q1w2e3');
		expect(asked).toContain('etcd1  ⠋ Connect to 10.0.0.11:22 over SSH');
		// The question and the screen under it fit 80x24 together.
		expect(asked.split('\n').length).toBeLessThanOrEqual(23);
		view.stdin.write('y');
		await expect(answer).resolves.toBe(true);
		await waitFor(view, (f) => !f.includes('SHA256:q1w2e3'));
		pending.prepares[0]?.resolve(OVERVIEW);
		expect(await waitFor(view, '11 certificates')).toBe(INVENTORY);
	});

	it('scrolls to the selected certificate and shows its details', async () => {
		const { view } = await atInventory();
		await press(view, KEYS.down, '❯ etcd1    server.crt');
		let frame = '';
		for (let i = 0; i < 9; i++) frame = await press(view, KEYS.down, (f) => f !== frame);
		expect(frame).toContain(
			'❯ local    admin.crt                  admin          2024-11-13   364 -',
		);
		expect(frame).toContain('↑ 2 more');
		expect(frame).toContain('local pki/admin.crt\n  subject  CN=admin · serial');
		expect(frame).toContain('expires  2024-11-13 (364 days left) · kept on this machine');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
	});

	it('renews the chosen members: plan, yes, the live pane, then health and new serials', async () => {
		const { view, calls, pending, exits } = await atInventory();
		await press(view, KEYS.enter, '❯ Renew member certificates');
		await press(view, KEYS.enter, '❯ [x] etcd1');
		await press(view, ' ', '❯ [ ] etcd1');
		const plan = await press(view, KEYS.enter, 'Go ahead?');
		expect(
			plan,
		).toBe(`etcd-wizard rekey · Plan: renew member certificates                  cluster lab

rekey: new server and peer certificates for etcd2, etcd3 from the same CA; no
restart

Go ahead? (y/n)

y or Enter go ahead · n or Esc back`);
		await press(view, 'y', 'Renewing member certificates');
		expect(calls.rekeys.map((r) => [r.mode, r.members])).toEqual([['renew', ['etcd2', 'etcd3']]]);
		const reach = calls.rekeys[0];
		if (!reach) throw new Error('rekey was not called');
		pending.rekey.resolve(resultOf('renew'));
		const done = await waitFor(view, 'Now presenting');
		expect(done).toContain('lab is healthy: 3 members');
		expect(done).toMatch(/^\| etcd3 \| +20 kB \| false .* healthy \|/m);
		expect(done).toContain('  etcd2            server 2a2a2a2a2a2a2a2a  peer 2b2b2b2b2b2b2b2b');
		expect(done).toContain('  same CA SHA256 AB:CD:EF:01:23:45…; no restart');
		view.stdin.write('q');
		await waitFor(view, () => exits.length > 0);
		expect(exits).toEqual([0]);
	});

	it('asks before stopping on Ctrl-C, aborts the run on yes, and shows what happened', async () => {
		const { view, calls, exits } = await atInventory(opening({ ca: true }));
		await press(view, KEYS.enter, '❯ Rotate the CA');
		await press(view, KEYS.enter, 'rekey --ca: a new CA');
		await press(view, KEYS.enter, 'Rotating the CA');
		const signal = calls.rekeys[0]?.signal;
		expect(calls.rekeys[0]?.members).toEqual(['etcd1', 'etcd2', 'etcd3']);
		const asked = await press(view, KEYS.ctrlC, 'Stop the re-key?');
		expect(asked).toContain('y stop · n keep going');
		await press(view, 'n', 'Ctrl-C stop (asks first)');
		expect(signal?.aborted).toBe(false);
		await press(view, KEYS.ctrlC, 'Stop the re-key?');
		const stopped = await press(view, 'y', 'stopped: every host was left after a finished step');
		expect(signal?.aborted).toBe(true);
		expect(stopped).toContain('q quit');
		view.stdin.write('q');
		await waitFor(view, () => exits.length > 0);
		expect(exits).toEqual([1]);
	});

	it('issues a client certificate, asking before replacing one, and lists it', async () => {
		const { view, calls, pending } = await atInventory();
		await press(view, KEYS.enter, 'What to do');
		await press(view, KEYS.down, '❯ Rotate the CA');
		await press(view, KEYS.down, '❯ Issue a client certificate');
		await press(view, KEYS.enter, '› Name');
		const bad = await press(view, 'Kube', '✘ lower-case letters');
		expect(bad).toContain('› Name              Kube');
		for (const _ of 'Kube')
			await press(view, KEYS.backspace, (f) => f !== bad && !f.includes('›  Name'));
		await press(view, 'kube-apiserver', 'Name              kube-apiserver');
		await press(view, KEYS.enter, '› Validity (days)   365');
		for (let i = 0; i < 3; i++)
			await press(view, KEYS.backspace, `› Validity (days)   ${'365'.slice(0, 2 - i)}`);
		await press(view, '30', '› Validity (days)   30');
		await press(view, KEYS.enter, 'Issuing kube-apiserver');
		expect(calls.issues).toEqual([{ name: 'kube-apiserver', days: 30, overwrite: false }]);
		const exists = new Error('exists');
		exists.name = 'ClientCertificateExistsError';
		pending.issues[0]?.reject(exists);
		const asked = await waitFor(view, 'Replace it and its key?');
		expect(asked).toContain('pki/clients/kube-apiserver.crt exists. Replace it and its key? (y/n)');
		await press(view, 'y', 'Issuing kube-apiserver');
		expect(calls.issues.at(-1)).toEqual({ name: 'kube-apiserver', days: 30, overwrite: true });
		pending.issues[1]?.resolve(issuedClient('kube-apiserver'));
		const issued = await waitFor(view, 'Client certificate issued');
		expect(
			issued,
		).toBe(`etcd-wizard rekey · Client certificate issued                        cluster lab

✔ kube-apiserver
  certificate  /home/ops/lab/pki/clients/kube-apiserver.crt
  key          /home/ops/lab/pki/clients/kube-apiserver.key (0600)
  subject      CN=kube-apiserver · clientAuth
  serial       4c1e0d99999999999999999999999999
  not after    2023-12-14T22:13:20.000Z
  trust CA     /home/ops/lab/pki/ca.crt (SHA256 AB:CD:EF:01:23:45…)

Enter or Esc back to the inventory · q quit`);
		const listed = await press(view, KEYS.enter, '12 certificates');
		expect(listed).toContain('↓ 3 more');
	});

	it('shows a failed connection with its next step and tries again on r', async () => {
		const { view, calls, pending, exits } = renderApp();
		await waitFor(view, 'Connecting to 3 hosts');
		const failure = Object.assign(new Error('etcd2 (10.0.0.12:22): connection refused'), {
			hint: 'is sshd running on etcd2?',
		});
		pending.prepares[0]?.reject(failure);
		const failed = await waitFor(view, 'connection refused');
		expect(failed).toContain('✘ etcd2 (10.0.0.12:22): connection refused');
		expect(failed).toContain('next: is sshd running on etcd2?');
		expect(failed).toContain('r try again · q quit');
		await press(view, 'r', (f) => !f.includes('connection refused'));
		expect(calls.prepares).toHaveLength(2);
		// Quitting is for a failed connection only: while connecting, q does nothing.
		view.stdin.write('q');
		pending.prepares[1]?.resolve(OVERVIEW);
		await waitFor(view, '11 certificates');
		expect(exits).toEqual([]);
	});

	it('fits 80x24 with many certificates, and colours the expired red and the soon yellow', async () => {
		const level = chalk.level;
		chalk.level = 3;
		try {
			const many = Array.from({ length: 30 }, (_, i) => entry(`host${i}`, '/etc/etcd/server.crt'));
			const expired = entry('etcd1', '/etc/etcd/peer.crt', { daysLeft: -3 });
			const soon = entry('etcd2', '/etc/etcd/peer.crt', { daysLeft: 12 });
			const overview = {
				...OVERVIEW,
				inventory: { entries: [expired, soon, ...many], problems: [] },
			};
			const app = renderApp(opening(), true);
			await waitFor(app.view, 'Connecting');
			app.pending.prepares[0]?.resolve(overview);
			const frame = await waitFor(app.view, '32 certificates');
			const lines = frame.split('\n');
			expect(lines.length).toBeLessThanOrEqual(24);
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
			expect(frame).toContain('↓ 23 more');
			expect(frame).toContain('expires  2024-11-13 (EXPIRED 3 days ago)');
			const raw = app.view.lastFrame() ?? '';
			const rowOf = (text: string) => raw.split('\n').find((l) => l.includes(text)) ?? '';
			const [red = '', yellow = ''] = [chalk.red, chalk.yellow].map(
				(paint) => paint('|').split('|')[0],
			);
			expect(rowOf('etcd1    peer.crt')).toContain(red);
			expect(rowOf('etcd2    peer.crt')).toContain(yellow);
			expect(rowOf('EXPIRED 3 days ago')).toContain(red);
			expect(rowOf('host0    server.crt')).not.toContain(red);
			expect(rowOf('host0    server.crt')).not.toContain(yellow);
		} finally {
			chalk.level = level;
		}
	});
});
