import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../../source/cluster/index.js';
import { initialWizardState } from '../../../../source/state/wizard/initial-state.js';
import type { WizardState } from '../../../../source/state/wizard/types.js';
import { spinnerFrame } from '../../../../source/ui/shared/theme.js';
import { renderApp } from '../../../support/harness.js';
import { KEYS, press, settle, T0, type View, waitFor } from '../../../support/ink.js';
import { emitSteps, fakeEffects, memoryStore } from '../../state/wizard/fake-effects.js';
import { ENV, HOSTS, healthOf, stateAt } from '../../state/wizard/fixtures.js';

afterEach(cleanup);

const start = renderApp;

/** Effects whose probe runs until its signal aborts. */
function hangingProbe() {
	const fake = fakeEffects({
		probeHosts: (_spec, _file, reach) => {
			fake.calls.signals.push(reach.signal);
			return untilAborted(reach.signal);
		},
	});
	return fake;
}

/** Enter on the review, then y to its question. */
async function confirm(view: View, until: string): Promise<string> {
	await press(view, KEYS.enter, '(y/n)');
	return press(view, 'y', until);
}

/** Rejects with an AbortError once `signal` aborts. */
const untilAborted = (signal: AbortSignal) =>
	new Promise<never>((_, reject) => {
		signal.addEventListener('abort', () =>
			reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
		);
	});

describe('connect', () => {
	it('asks about an unknown host key; a rejected key fails with the next step, Enter tries again', async () => {
		const { effects, calls } = fakeEffects();
		const { view } = start({ ...stateAt('hosts'), step: 'hosts' }, effects);
		await waitFor(view, '❯ etcd1');
		for (const item of ['etcd2', 'etcd3', '+ add a host', 'continue'])
			await press(view, KEYS.down, `❯ ${item}`);
		let frame = await press(view, KEYS.enter, 'SHA256:Zm9vYmFy');
		expect(frame).toBe(
			[
				'╭──────────────────────────────────────────────────────────────────────────────╮',
				'│ etcd1 (port 22) has a host key this machine has not seen before.             │',
				'│ ssh-ed25519 key fingerprint SHA256:Zm9vYmFy                                  │',
				'│ Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` run on the host │',
				'│ itself.                                                                      │',
				'│ ❯ No, do not connect to this host                                            │',
				'│   Yes, trust this key and record it in known_hosts                           │',
				'╰──────────────────────────────────────────────────────────────────────────────╯',
				'etcd-wizard · Connect                                               step 5 of 13',
				'',
				'etcd1  · waiting',
				'etcd2  · waiting',
				'etcd3  · waiting',
				'',
				'Esc back to the hosts (stops connecting) · Ctrl-C quit',
			].join('\n'),
		);
		frame = await press(view, KEYS.enter, '✘ host key of etcd1');
		expect(frame).toContain(
			[
				'✘ host key of etcd1 (10.77.0.11:22) was not trusted',
				'next: check the fingerprint on the host, then connect again',
				'',
				'Enter try again · Esc back to the hosts · Ctrl-C quit',
			].join('\n'),
		);
		await press(view, KEYS.enter, 'SHA256:Zm9vYmFy');
		frame = await press(view, 'y', 'Enter next');
		expect(frame).toBe(
			[
				'etcd-wizard · Connect                                               step 5 of 13',
				'',
				'etcd1  ✔ done · 1 step, 1 changed                                             0s',
				'etcd2  ✔ done · 1 step, 1 changed                                             0s',
				'etcd3  ✔ done · 1 step, 1 changed                                             0s',
				'',
				'etcd1        eth0 10.77.0.11, wg0 10.88.0.11, systemd, amd64, Debian GNU/Linux …',
				'etcd2        eth0 10.77.0.12, wg0 10.88.0.12, systemd, amd64, Debian GNU/Linux …',
				'etcd3        eth0 10.77.0.13, wg0 10.88.0.13, systemd, amd64, Debian GNU/Linux …',
				'',
				'Enter next · Esc back · Ctrl-C quit',
			].join('\n'),
		);
		expect(calls.probes).toHaveLength(2);
		await press(view, KEYS.enter, 'Cluster interface');
	});

	it('stops connecting on Esc: the probe’s signal is aborted, the answers stay', async () => {
		const { effects, calls } = hangingProbe();
		const { view } = start(connecting(stateAt('hosts')), effects);
		await waitFor(view, 'Esc back to the hosts (stops connecting)');
		await press(view, KEYS.esc, '+ add a host');
		expect(calls.signals[0]?.aborted).toBe(true);
		expect(view.lastFrame()).toContain('etcd3            10.77.0.13');
	});
});

/** From the start menu to the list of recent files to check the health of. */
async function toHealthFiles(view: View): Promise<void> {
	await waitFor(view, 'Check the health');
	await press(view, KEYS.down, '❯ Open');
	await press(view, KEYS.down, '❯ Check the health');
	await press(view, KEYS.enter, 'Check which cluster?');
}

/** The state on the connect step, its probe under way. */
function connecting(state: WizardState): WizardState {
	return {
		...state,
		step: 'connect',
		connect: { ...state.connect, status: 'running', attempt: 1 },
	};
}

describe('provision', () => {
	it('saves cluster.yaml first, remembers the answers, and ends on the health table', async () => {
		const { store, kept } = memoryStore();
		const { effects, calls } = fakeEffects({}, store);
		const review = stateAt('review');
		const { view, exits } = start(
			{ ...review, answers: { ...review.answers, passphrase: 'hunter2' } },
			effects,
		);
		await waitFor(view, '1 Summary');
		const frame = await confirm(view, 'is healthy');
		expect(frame).toBe(
			[
				'etcd-wizard · Done                                                 step 13 of 13',
				'',
				'homelab is healthy: 3 members',
				'',
				'cluster homelab: healthy, quorum 3/3, leader etcd1, cluster id 8a2922646e4b26d7',
				'+-------+---------+-----------+-----------+--------+---------+---------+',
				'| NAME  | DB SIZE | IS LEADER | RAFT TERM | ERRORS | HEALTH  | LATENCY |',
				'+-------+---------+-----------+-----------+--------+---------+---------+',
				'| etcd1 |   20 kB | true      |         2 |        | healthy |  1.5 ms |',
				'| etcd2 |   20 kB | false     |         2 |        | healthy |  1.5 ms |',
				'| etcd3 |   20 kB | false     |         2 |        | healthy |  1.5 ms |',
				'+-------+---------+-----------+-----------+--------+---------+---------+',
				'',
				'cluster file  /home/ops/work/homelab/cluster.yaml',
				'certificates  pki/ beside the cluster file (ca.key stays there, never uploaded)',
				'again         etcd-wizard apply /home/ops/work/homelab/cluster.yaml',
				'health        etcd-wizard health /home/ops/work/homelab/cluster.yaml',
				'',
				'Enter or q quit',
			].join('\n'),
		);
		expect(calls.saved.map((s) => s.file)).toEqual(['/home/ops/work/homelab/cluster.yaml']);
		expect(calls.applied).toEqual([
			{ file: '/home/ops/work/homelab/cluster.yaml', passphrase: 'hunter2' },
		]);
		expect(kept.recent).toEqual(['/home/ops/work/homelab/cluster.yaml']);
		expect(JSON.stringify(kept.answers)).not.toContain('hunter2');
		expect(kept.answers).toMatchObject({ sshUser: 'root', interface: 'wg0', version: '3.6.14' });
		await press(view, 'q', () => exits.length > 0);
		expect(exits).toEqual([0]);
	});

	it('asks before stopping on Ctrl-C, stops after the current steps, and runs again with r', async () => {
		let runs = 0;
		const { effects, calls } = fakeEffects({
			apply: async (spec, _file, reach) => {
				runs += 1;
				calls.signals.push(reach.signal);
				reach.emit({ type: 'phase', title: 'Provisioning' });
				if (runs === 2) {
					emitSteps(spec, reach, 'install', 'Install etcd');
					return { health: healthOf(spec.hosts.map((h) => h.name)) };
				}
				for (const host of spec.hosts)
					reach.emit({
						type: 'node-step-started',
						node: host.name,
						step: 'install',
						title: 'Install etcd 3.6.14',
					});
				return untilAborted(reach.signal);
			},
		});
		const { view, exits } = start(stateAt('review'), effects);
		await waitFor(view, '1 Summary');
		const spin = spinnerFrame(T0);
		let frame = await confirm(view, 'Install etcd 3.6.14');
		expect(frame).toBe(
			[
				'etcd-wizard · Provisioning                                         step 12 of 13',
				'',
				'Saved /home/ops/work/homelab/cluster.yaml',
				'== Provisioning',
				`etcd1  ${spin} Install etcd 3.6.14                                                  0s`,
				`etcd2  ${spin} Install etcd 3.6.14                                                  0s`,
				`etcd3  ${spin} Install etcd 3.6.14                                                  0s`,
				'',
				'Ctrl-C stop after the current step on each host',
			].join('\n'),
		);
		frame = await press(view, KEYS.ctrlC, 'Stop provisioning?');
		expect(frame).toContain('Stop provisioning? Every host stops after the step it is in');
		await press(view, 'n', 'Ctrl-C stop after the current step on each host');
		expect(calls.signals[0]?.aborted).toBe(false);
		await press(view, KEYS.ctrlC, 'Stop provisioning?');
		frame = await press(view, 'y', '■ stopped: every host was left after a finished step');
		expect(calls.signals[0]?.aborted).toBe(true);
		expect(frame).toContain('r run again · Esc back to the review · q quit');
		await press(view, 'r', 'is healthy');
		expect(calls.saved).toHaveLength(2);
		expect(exits).toEqual([]);
	});

	it('shows a refused plan’s problems, goes back to the review, and quits with 1', async () => {
		const refused = Object.assign(new Error('refused'), {
			problems: [
				{
					host: 'etcd2',
					message: 'port 2379 is in use by nginx',
					hint: 'stop nginx or choose another client port',
				},
			],
		});
		const { effects } = fakeEffects({ apply: () => Promise.reject(refused) });
		const { view, exits } = start(stateAt('review'), effects);
		await waitFor(view, '1 Summary');
		const frame = await confirm(view, '✘ nothing was changed');
		expect(frame).toContain(
			[
				'✘ nothing was changed: 1 problem found before any host was touched',
				'  etcd2: port 2379 is in use by nginx (next: stop nginx or choose another client',
				'   port)',
			].join('\n'),
		);
		await press(view, KEYS.esc, '1 Summary');
		await confirm(view, '✘ nothing was changed');
		await press(view, 'q', () => exits.length > 0);
		expect(exits).toEqual([1]);
	});

	it('says when cluster.yaml cannot be written, and changes no host', async () => {
		const { effects, calls } = fakeEffects({
			saveCluster: () =>
				Promise.reject(new Error('EACCES: permission denied, open /srv/lab/cluster.yaml')),
		});
		const { view } = start(stateAt('review'), effects);
		await waitFor(view, '1 Summary');
		await confirm(view, '✘ EACCES: permission denied, open /srv/lab/cluster.yaml');
		expect(calls.applied).toEqual([]);
	});
});

describe('review', () => {
	it('pages through the summary, cluster.yaml and etcd.conf.yml, scrolling long pages', async () => {
		const { effects } = fakeEffects();
		const { view } = start(stateAt('review'), effects);
		await waitFor(view, '1 Summary');
		let frame = await press(view, '2', 'apiVersion');
		expect(frame.split('\n').slice(0, 6)).toEqual([
			'etcd-wizard · Review                                               step 11 of 13',
			'',
			' 1 Summary  2 cluster.yaml  3 etcd.conf.yml (etcd1)',
			'',
			'# etcd-wizard cluster file. Edit by hand or re-run the wizard; check it with',
			'# `etcd-wizard check <file>`. Relative paths are relative to this file.',
		]);
		expect(frame).toContain('lines 1-16 of 34');
		frame = await press(view, KEYS.down, 'lines 2-17 of 34');
		frame = await press(view, KEYS.pageDown, 'lines 18-33 of 34');
		frame = await press(view, KEYS.pageDown, 'lines 19-34 of 34');
		expect(frame).toContain('    address: 10.77.0.13\nlines 19-34 of 34');
		expect(frame.split('\n')).toHaveLength(23);
		frame = await press(view, KEYS.right, 'initial-cluster-token: (derived from the new CA)');
		frame = await press(view, KEYS.right, 'cluster homelab: 3 members, etcd 3.6.14');
		await press(view, KEYS.esc, 'Tuning');
	});

	it('asks before writing and provisioning; an Enter typed ahead changes nothing', async () => {
		const { effects, calls } = fakeEffects();
		const { view } = start(stateAt('review'), effects);
		await waitFor(view, '1 Summary');
		let frame = await press(view, KEYS.enter, '(y/n)');
		expect(frame.split('\n').slice(-4)).toEqual([
			'',
			'Write /home/ops/work/homelab/cluster.yaml and set up etcd on 3 hosts now? (y/n)',
			'',
			'y write and provision · n or Esc not yet',
		]);
		view.stdin.write(KEYS.enter);
		await settle();
		frame = await press(view, 'n', '10 lines');
		await press(view, KEYS.enter, '(y/n)');
		await press(view, KEYS.esc, '10 lines');
		expect(calls.saved).toEqual([]);
		expect(frame).toContain('Enter write and provision…');
	});
});

describe('start', () => {
	const recent = { ...ENV, recentFiles: ['/srv/lab/cluster.yaml'] };

	it('opens a recent cluster file with its answers', async () => {
		const spec = applyDefaults({ name: 'lab', hosts: HOSTS, ssh: { user: 'ops' } });
		const { effects } = fakeEffects({ openCluster: async () => spec });
		const { view } = start(initialWizardState(recent), effects);
		await waitFor(view, 'Open a recent cluster file');
		await press(view, KEYS.down, '❯ Open a recent cluster file');
		await press(view, KEYS.enter, 'Open which file?');
		const frame = await press(view, KEYS.enter, 'Editing /srv/lab/cluster.yaml');
		expect(frame).toContain('› Cluster name      lab');
		await press(view, KEYS.enter, '› Directory');
		await press(view, KEYS.enter, '› SSH user          ops');
	});

	it('shows why a recent file could not be opened', async () => {
		const { effects } = fakeEffects({
			openCluster: () => Promise.reject(new Error('cluster.yaml:2:7 name: is required')),
		});
		const { view } = start(initialWizardState(recent), effects);
		await waitFor(view, 'Open a recent cluster file');
		await press(view, KEYS.down, '❯ Open a recent');
		await press(view, KEYS.enter, 'Open which file?');
		const frame = await press(view, KEYS.enter, '✘ cluster.yaml:2:7 name: is required');
		expect(frame).toContain('❯ Set up a new etcd cluster');
	});

	it('checks the health of a recent cluster and shows the table', async () => {
		const { effects } = fakeEffects({
			checkHealth: async (_file, reach) => {
				reach.emit({ type: 'node-step-started', node: 'etcd1', step: 'connect', title: 'Connect' });
				return healthOf(['etcd1', 'etcd2', 'etcd3'], 'etcd3');
			},
		});
		const { view, exits } = start(initialWizardState(recent), effects);
		await toHealthFiles(view);
		const frame = await press(view, KEYS.enter, 'homelab is not healthy');
		expect(frame).toContain('cluster homelab: degraded, quorum 2/3, leader etcd1');
		expect(frame).toContain(
			'|  1.5 ms |\n+-------+---------+-----------+-----------+--------+-----------+---------+\netcd3 did not answer within 5s\n',
		);
		await press(view, KEYS.enter, () => exits.length > 0);
		expect(exits).toEqual([1]);
	});
});

describe('start: health with an encrypted key, and re-keying', () => {
	const recent = { ...ENV, recentFiles: ['/srv/lab/cluster.yaml'] };

	it('asks the key’s passphrase masked, again when wrong, and checks with it', async () => {
		const { store, kept } = memoryStore(['/srv/lab/cluster.yaml']);
		const used: (string | undefined)[] = [];
		const { effects } = fakeEffects(
			{
				checkKey: async (_file, passphrase) => {
					const identityFile = '/home/ops/.ssh/id_ed25519';
					if (passphrase === 'hunter2') return { status: 'ok' };
					return { status: passphrase === undefined ? 'needed' : 'wrong', identityFile };
				},
				checkHealth: async (_file, reach) => {
					used.push(reach.passphrase);
					return healthOf(['etcd1', 'etcd2', 'etcd3']);
				},
			},
			store,
		);
		const { view, exits } = start(initialWizardState(recent), effects);
		await toHealthFiles(view);
		let frame = await press(view, KEYS.enter, '› Key passphrase');
		expect(frame).toContain('/home/ops/.ssh/id_ed25519 is encrypted');
		frame = await press(view, 'hunter', '› Key passphrase    ******');
		expect(frame).not.toContain('hunter');
		frame = await press(view, KEYS.enter, '✘ that passphrase does not open the key');
		expect(frame).toMatch(/› Key passphrase\s*$/m);
		await press(view, 'hunter2', '*******');
		frame = await press(view, KEYS.enter, 'homelab is healthy');
		expect(used).toEqual(['hunter2']);
		expect(JSON.stringify(kept)).not.toContain('hunter');
		await press(view, 'q', () => exits.length > 0);
		expect(exits).toEqual([0]);
	});

	it('goes back to the files on Esc at the passphrase, forgetting it', async () => {
		const { effects } = fakeEffects({
			checkKey: async (_file, passphrase) =>
				passphrase ? { status: 'ok' } : { status: 'needed', identityFile: '/k' },
		});
		const { view } = start(initialWizardState(recent), effects);
		await toHealthFiles(view);
		await press(view, KEYS.enter, '› Key passphrase');
		await press(view, 'abc', '***');
		await press(view, KEYS.esc, 'Check which cluster?');
		const frame = await press(view, KEYS.enter, '› Key passphrase');
		expect(frame).toMatch(/› Key passphrase\s*$/m);
	});

	it('hands a recent file to the re-key screen', async () => {
		const { effects } = fakeEffects();
		const { view, exits } = start(initialWizardState(recent), effects);
		await waitFor(view, 'Re-key the certificates of a recent cluster');
		for (const item of ['Open', 'Check the health', 'Re-key'])
			await press(view, KEYS.down, `❯ ${item}`);
		await press(view, KEYS.enter, 'Re-key which cluster?');
		await press(view, KEYS.enter, () => exits.length > 0);
		expect(exits).toEqual([{ rekey: '/srv/lab/cluster.yaml' }]);
	});
});

describe('keys anywhere', () => {
	it('quits with 130 on Ctrl-C outside provisioning', async () => {
		const { effects } = fakeEffects();
		const { view, exits } = start(stateAt('ports'), effects);
		await waitFor(view, '› Client port');
		view.stdin.write(KEYS.ctrlC);
		await waitFor(view, () => exits.length > 0);
		expect(exits).toEqual([130]);
	});

	it('aborts the work under way when the app unmounts', async () => {
		const { effects, calls } = hangingProbe();
		const { view } = start(connecting(stateAt('hosts')), effects);
		await waitFor(view, 'Esc back to the hosts (stops connecting)');
		view.unmount();
		await settle();
		expect(calls.signals[0]?.aborted).toBe(true);
	});
});
