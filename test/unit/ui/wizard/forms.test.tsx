import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answers, StepId } from '../../../../source/state/wizard/types.js';
import { renderStep } from '../../../support/harness.js';
import { KEYS, press, pressTimes, settle, waitFor } from '../../../support/ink.js';
import { factsWith, hostFacts, stateAt } from '../../state/wizard/fixtures.js';

afterEach(cleanup);

const at = (step: StepId, answers: Partial<Answers> = {}, focus = 0) => {
	const state = stateAt(step);
	return { ...state, focus, answers: { ...state.answers, ...answers } };
};

describe('name step', () => {
	it('validates the name as it is typed and moves on only when it is good', async () => {
		const view = renderStep(at('name', { name: '' }));
		await waitFor(view, 'Cluster name');
		let frame = await press(view, 'Home', '"Home"');
		expect(frame).toBe(
			[
				'etcd-wizard · Name and directory                                    step 2 of 13',
				'',
				'Every answer is saved to /home/ops/work/Home/cluster.yaml, so the same cluster',
				'can be set up again with etcd-wizard apply.',
				'',
				'› Cluster name      Home',
				'                    a short name such as homelab; it names the certificates too',
				'                    ✘ "Home" is not a usable cluster name; use lowercase',
				"                    letters, digits and '-', starting and ending with a letter",
				'                    or digit, at most 63 characters',
				'  Directory         ./Home',
				'',
				'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit',
			].join('\n'),
		);
		view.stdin.write(KEYS.enter);
		await settle();
		expect(view.state().focus).toBe(0);
		frame = await pressTimes(view, KEYS.backspace, 4);
		expect(frame).toContain('✘ is required: a short cluster name such as "homelab"');
		await press(view, 'homelab', (f) => !f.includes('✘'));
		frame = await press(view, KEYS.enter, '› Directory');
		expect(frame).toContain('  Cluster name      homelab\n› Directory          ./homelab\n');
		await press(view, '/srv/lab', '/srv/lab/cluster.yaml');
		await press(view, KEYS.enter, 'SSH login');
		expect(view.state()).toMatchObject({
			step: 'ssh',
			answers: { name: 'homelab', dir: '/srv/lab' },
		});
	});

	it('goes back to the start with Esc', async () => {
		const view = renderStep(at('name'));
		await waitFor(view, 'Cluster name');
		await press(view, KEYS.esc, 'Set up a new etcd cluster');
	});
});

describe('ssh step', () => {
	it('offers the keys found, another file or the agent; masks the passphrase', async () => {
		const view = renderStep(at('ssh', { identityFile: '' }, 2));
		let frame = await waitFor(view, '❯ key file ~/.ssh/id_ed25519');
		expect(frame).toContain(
			[
				'› Log in with',
				'    ❯ key file ~/.ssh/id_ed25519',
				'      key file ~/.ssh/id_rsa',
				'      another key file…',
				'      the ssh-agent (SSH_AUTH_SOCK is set)',
			].join('\n'),
		);
		await press(view, KEYS.down, '❯ key file ~/.ssh/id_rsa');
		await press(view, KEYS.down, '❯ another key file…');
		frame = await press(view, KEYS.enter, '› Key file');
		expect(frame).toContain('✘ type the path of your private key (e.g.');
		await press(view, '~/keys/lab', (f) => f.includes('~/keys/lab') && !f.includes('✘'));
		frame = await press(view, KEYS.enter, '› Key passphrase');
		frame = await press(view, 'hunter2', '*******');
		expect(frame).not.toContain('hunter2');
		expect(frame).toContain('› Key passphrase    *******');
		// Without effects the check of the key (see ssh-step.test.tsx) stays under way.
		await press(view, KEYS.enter, 'i checking ~/keys/lab…');
		expect(view.state()).toMatchObject({
			step: 'ssh',
			answers: { identity: 'other', identityFile: '~/keys/lab', passphrase: 'hunter2' },
			identityCheck: { status: 'checking', file: '~/keys/lab' },
		});
	});

	it('moves between fields with Tab, Shift-Tab and the arrows of text fields', async () => {
		const view = renderStep(at('ssh'));
		await waitFor(view, '› SSH user');
		await press(view, KEYS.down, '› SSH port');
		await press(view, KEYS.tab, '› Log in with');
		await press(view, KEYS.shiftTab, '› SSH port');
		await press(view, KEYS.up, '› SSH user');
		await press(view, 'x', 'rootx');
		expect(view.state().answers.sshUser).toBe('rootx');
	});
});

describe('ports step', () => {
	it('checks the ports against what listens on every host, and explains privileged ones', async () => {
		const view = renderStep(at('ports', { clientPort: '' }));
		await waitFor(view, '› Client port');
		let frame = await press(view, '22', '22 is in use');
		expect(frame).toBe(
			[
				'etcd-wizard · Ports                                                 step 7 of 13',
				'',
				'Checked against what listens on each of the 3 hosts right now.',
				'',
				'› Client port       22',
				'                    clients and etcdctl connect here (etcd uses 2379)',
				'                    ✘ 22 is in use on etcd1 (sshd on 0.0.0.0), etcd2 (sshd on',
				'                    0.0.0.0), etcd3 (sshd on 0.0.0.0); choose a free port or',
				'                    stop that program',
				'                    i 22 is below 1024: the etcd user cannot bind it by itself,',
				'                    so the unit grants etcd CAP_NET_BIND_SERVICE (only that',
				'                    capability)',
				'  Peer port         2380',
				'',
				'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit',
			].join('\n'),
		);
		frame = await pressTimes(view, KEYS.backspace, 2);
		frame = await press(view, '443', 'i 443 is below 1024: the etcd user cannot bind it by itself');
		expect(frame).not.toContain('✘');
		await press(view, KEYS.enter, '› Peer port');
	});

	it('warns, without refusing, when etcd already holds the port', async () => {
		const state = at('ports');
		const facts = factsWith({
			etcd1: hostFacts({ wg0: '10.88.0.11/24' }, [
				{ port: 2379, address: '10.88.0.11', process: 'etcd' },
			]),
		});
		const view = renderStep({ ...state, facts });
		const frame = await waitFor(view, '! etcd already listens on 2379 on etcd1');
		expect(frame).not.toContain('✘');
		await press(view, KEYS.enter, '› Peer port');
	});
});

describe('owner step', () => {
	it('refuses an invalid user and a uid that is no number', async () => {
		const view = renderStep(at('owner', { user: '' }));
		await waitFor(view, '› User');
		await press(view, 'Etcd', '✘ "Etcd" is not a valid Linux user name');
		await pressTimes(view, KEYS.backspace, 4);
		await press(view, 'etcd', (f) => !f.includes('✘'));
		await press(view, KEYS.enter, '› Group');
		await press(view, KEYS.enter, '› uid (optional)');
		await press(view, 'abc', '✘ "abc" is not a whole number; type digits only, e.g. 990');
		view.stdin.write(KEYS.enter);
		await settle();
		expect(view.state().focus).toBe(2);
	});
});

describe('release step', () => {
	it('asks a version for "another version" and URL templates for a mirror', async () => {
		const view = renderStep(at('release'));
		await waitFor(view, '❯ 3.6.14 (current, 3.6)');
		await press(view, KEYS.down, '❯ 3.5.21');
		await press(view, KEYS.down, '❯ 3.4.23 (end of life: no more fixes)');
		let frame = await press(view, KEYS.enter, '› Get it from');
		expect(frame).toContain('  etcd release      3.4.23 (end of life: no more fixes)');
		await press(view, KEYS.shiftTab, '› etcd release');
		await press(view, KEYS.down, '❯ another version…');
		frame = await press(view, KEYS.enter, '› Version');
		await pressTimes(view, KEYS.backspace, '3.6.14'.length);
		await press(view, '3.7', '✘ "3.7" is not a release number');
		await press(view, '.0', (f) => !f.includes('✘'));
		await press(view, KEYS.enter, '› Get it from');
		await press(view, KEYS.down, '❯ Download from a mirror');
		frame = await press(view, KEYS.enter, '› Tarball URL');
		await press(
			view,
			'http://10.0.0.1:8080/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
			'SHA256SUMS URL',
		);
		frame = await press(view, KEYS.enter, '› SHA256SUMS URL');
		expect(frame).toContain('› SHA256SUMS URL     http://10.0.0.1:8080/v{version}/SHA256SUMS');
		await press(view, KEYS.enter, 'Tuning');
		expect(view.state().answers).toMatchObject({
			release: 'other',
			version: '3.7.0',
			source: 'mirror',
		});
	});
});

describe('tuning step', () => {
	it('explains the 5x rule when the election timeout is too short, and warns on a large quota', async () => {
		const view = renderStep(at('tuning', { electionTimeout: '' }, 1));
		await waitFor(view, '› Election timeout');
		await press(view, '400', '✘ 400 must be at least 5 x heartbeat-interval (100)');
		await press(view, '0', (f) => !f.includes('✘'));
		await press(view, KEYS.tab, '› Snapshot count');
		await press(view, KEYS.tab, '› Backend quota');
		await press(view, '9GiB', '! 9663676416 is above 8 GiB (8589934592)');
		await press(view, KEYS.enter, '› Auto-compaction');
		await press(view, KEYS.down, '❯ periodic');
		await press(view, KEYS.enter, '› Retention');
		await press(view, '1h', '1h');
		await press(view, KEYS.enter, '› Extra etcd flags');
		await press(view, 'data-dir=/x', '✘ data-dir: is set by etcd-wizard from etcd.dataDir');
		view.stdin.write(KEYS.enter);
		await settle();
		expect(view.state().step).toBe('tuning');
	});
});

describe('interface step', () => {
	it('lists the interfaces with each host’s address, and why one cannot be used', async () => {
		const facts = factsWith({ etcd3: hostFacts({ eth0: '10.77.0.13/24' }) });
		const view = renderStep({ ...at('interface', { interface: 'eth0' }), facts });
		let frame = await waitFor(view, 'eth0 on each host');
		expect(frame).toBe(
			[
				'etcd-wizard · Cluster interface                                     step 6 of 13',
				'',
				"etcd listens on and advertises this interface's IPv4 address on every host; a",
				'WireGuard (wg0), PeerVPN (tap0) or private (eth1) network keeps cluster traffic',
				'off the LAN.',
				'',
				'› Cluster interface',
				'      wg0        on 2 of 3 hosts, 10.88.0.0/24',
				'    ❯ eth0       on every host, 10.77.0.0/24',
				'',
				'eth0 on each host',
				'  etcd1             10.77.0.11/24',
				'  etcd2             10.77.0.12/24',
				'  etcd3             10.77.0.13/24',
				'',
				'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit',
			].join('\n'),
		);
		frame = await press(view, KEYS.up, 'wg0 on each host');
		expect(frame).toContain(
			'  etcd3             no IPv4 address\n✘ wg0 has no IPv4 address on etcd3',
		);
		view.stdin.write(KEYS.enter);
		frame = await waitFor(view, '                    ✘ wg0 has no IPv4 address on etcd3');
		expect(view.state().step).toBe('interface');
		await press(view, KEYS.down, 'eth0 on each host');
		await press(view, KEYS.enter, 'Ports');
	});
});
