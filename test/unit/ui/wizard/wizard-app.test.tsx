import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterSpec, validateCluster } from '../../../../source/cluster/index.js';
import { initialWizardState } from '../../../../source/state/wizard/initial-state.js';
import { renderApp } from '../../../support/harness.js';
import { KEYS, plain, press, pressTimes, waitFor } from '../../../support/ink.js';
import { fakeEffects } from '../../state/wizard/fake-effects.js';
import { ENV, HOSTS } from '../../state/wizard/fixtures.js';

afterEach(cleanup);

describe('WizardApp', () => {
	it('walks from the first screen to the health table by keys alone, every frame in 80x24', async () => {
		const { effects, calls } = fakeEffects();
		const { view, exits } = renderApp(initialWizardState(ENV, { dir: 'lab' }), effects);
		const enter = (until: string) => press(view, KEYS.enter, until);
		await waitFor(view, '❯ Set up a new etcd cluster');
		await enter('› Cluster name');
		await press(view, 'homelab', '/home/ops/work/lab/cluster.yaml');
		await enter('› Directory         lab');
		await enter('› SSH user          root');
		await press(view, KEYS.backspace, 'roo');
		await press(view, 'ot', 'rooot');
		// Esc goes back a step and forward again keeps what was typed.
		await press(view, KEYS.esc, '› Cluster name      homelab');
		await enter('› Directory');
		await enter('› SSH user          rooot');
		await pressTimes(view, KEYS.backspace, 2);
		await press(view, 't', '› SSH user          root\n');
		await enter('› SSH port');
		await enter('❯ key file ~/.ssh/id_ed25519');
		await enter('› Key passphrase');
		await enter('❯ + add a host');
		for (const [i, host] of HOSTS.entries()) {
			await enter('Add a host');
			await press(view, host.name, `› Name              ${host.name}`);
			await enter('› Address');
			await press(view, host.address, host.address);
			await enter(`${host.name}            ${host.address}\n${i === 2 ? '❯ + add a host' : ''}`);
		}
		await press(view, KEYS.down, '❯ continue with 3 hosts →');
		await enter('SHA256:Zm9vYmFy');
		await press(view, 'y', 'Enter next · Esc back');
		await enter('❯ wg0        on every host, 10.88.0.0/24');
		await enter('› Client port       2379');
		await enter('› Peer port         2380');
		await enter('› User              etcd');
		for (const field of ['Group', 'uid (optional)', 'gid (optional)']) await enter(`› ${field}`);
		await enter('❯ 3.6.14 (current, 3.6)');
		await enter('❯ Download from GitHub');
		await enter('› Heartbeat (ms)    100');
		for (const field of ['Election timeout', 'Snapshot count', 'Backend quota'])
			await enter(`› ${field}`);
		await enter("❯ off (etcd's default)");
		await enter('› Extra etcd flags');
		await enter(' 1 Summary  2 cluster.yaml  3 etcd.conf.yml (etcd1)');
		await enter('and set up etcd on 3 hosts now? (y/n)');
		await press(view, 'y', 'homelab is healthy: 3 members');
		await press(view, KEYS.enter, () => exits.length > 0);
		expect(exits).toEqual([0]);

		const frames = view.frames.map(plain);
		const widest = Math.max(...frames.flatMap((f) => f.split('\n').map((line) => line.length)));
		const tallest = Math.max(...frames.map((f) => f.split('\n').length));
		expect(widest).toBeLessThanOrEqual(80);
		// One row spare: a frame as tall as the terminal makes Ink clear the screen on every update.
		expect(tallest).toBeLessThanOrEqual(23);

		expect(calls.probes).toHaveLength(1);
		const [saved] = calls.saved;
		expect(saved?.file).toBe('/home/ops/work/lab/cluster.yaml');
		expect(validateCluster(saved?.spec as ClusterSpec)).toEqual([]);
		expect(saved?.spec).toMatchObject({
			name: 'homelab',
			ssh: { user: 'root', port: 22, identityFile: '~/.ssh/id_ed25519' },
			etcd: { version: '3.6.14', interface: 'wg0', clientPort: 2379, peerPort: 2380 },
			hosts: HOSTS,
		});
	});
});
