import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSpec } from '../../../../source/cluster/types.js';
import type { StampedEvent } from '../../../../source/events/progress-state.js';
import { initialProgress, progressReducer } from '../../../../source/events/progress-state.js';
import type { CheckResult } from '../../../../source/preflight/types.js';
import type { HostFacts } from '../../../../source/shell/facts.js';
import { STEPS, type StepId, type WizardState } from '../../../../source/state/wizard/types.js';
import { renderApp, renderStep } from '../../../support/harness.js';
import { KEYS, press, waitFor } from '../../../support/ink.js';
import { fakeEffects } from '../../state/wizard/fake-effects.js';
import { ENV, healthOf, hostFacts, reportOf, stateAt } from '../../state/wizard/fixtures.js';

afterEach(cleanup);

/** Rows a frame may take at 80x24: one spare, or Ink clears the screen on every update. */
const ROWS = 23;

/** Asserts that the frame fits 80x24 and returns its rows. */
function fits(frame: string): string[] {
	const lines = frame.split('\n');
	expect(lines.length, frame).toBeLessThanOrEqual(ROWS);
	expect(Math.max(...lines.map((line) => line.length)), frame).toBeLessThanOrEqual(80);
	return lines;
}

/** Seven hosts, each with many interfaces, 2379 taken by another program on each. */
const SEVEN: readonly HostSpec[] = Array.from({ length: 7 }, (_, i) => ({
	name: `etcd-member-${i + 1}`,
	address: `192.168.100.${i + 11}`,
}));

function crowdedFacts(hosts: readonly HostSpec[]): ReadonlyMap<string, HostFacts> {
	return new Map(
		hosts.map((h, i) => {
			const interfaces: Record<string, string> = {
				lo: '127.0.0.1/8',
				eth0: `${h.address}/24`,
				docker0: '172.17.0.1/16',
				'br-lan': `10.10.${i}.1/24`,
				virbr0: '192.168.122.1/24',
				eth2: `10.20.${i}.5/24`,
				tap1: `10.30.${i}.5/24`,
			};
			// wg0 is missing on two hosts, so choosing it is an error.
			if (i > 1) interfaces.wg0 = `10.88.${i}.1${i}/24`;
			const listening = [{ port: 2379, address: '0.0.0.0', process: 'haproxy-frontend' }];
			return [h.name, { ...hostFacts(interfaces, listening), systemd: false }];
		}),
	);
}

/** A step of seven crowded hosts, with `answers` on top of the usual ones. */
function crowded(step: StepId, answers: Partial<WizardState['answers']> = {}): WizardState {
	const state = stateAt(step);
	const facts = STEPS.indexOf(step) > STEPS.indexOf('connect') ? crowdedFacts(SEVEN) : new Map();
	return { ...state, facts, answers: { ...state.answers, hosts: SEVEN, ...answers } };
}

/** A run's progress after `events`, at the test clock. */
function progressOf(names: readonly string[], events: readonly StampedEvent[]) {
	return events.reduce(progressReducer, initialProgress(names, 0));
}

/** Seven hosts: three failed with a long stderr tail, the others busy, a full log. */
function troubledRun(names: readonly string[]) {
	const events: StampedEvent[] = [{ type: 'phase', title: 'Install etcd on every member' }];
	for (const [i, node] of names.entries()) {
		events.push({ type: 'node-step-started', node, step: 'install', title: 'Install etcd 3.6.14' });
		if (i < 3) {
			events.push({
				type: 'node-step-failed',
				node,
				step: 'install',
				error: `curl: (22) The requested URL returned error: 404 while fetching the release tarball for ${node}`,
				stderrTail: Array.from({ length: 6 }, (_, k) => `stderr line ${k + 1} of ${node}`),
				hint: 'check etcd.downloadUrl in the cluster file, or upload a local tarball instead',
			});
		}
		events.push({ type: 'log', level: 'warn', node, message: `slow download on ${node}` });
	}
	return progressOf(names, events);
}

const names = SEVEN.map((h) => h.name);

/** A failure with many details, as a refused plan brings. */
const REFUSED = {
	message: 'nothing was changed: 9 problems found before any host was touched',
	hint: 'fix the problems above, then run again',
	details: names.map(
		(n) => `${n}: port 2379 is in use by haproxy-frontend (next: stop it or choose another port)`,
	),
	aborted: false,
};

const failing = (check: CheckResult['check'], host: string): CheckResult => ({
	check,
	host,
	verdict: 'fail',
	reason: `${host} fails the ${check} check with a reason long enough to be cut at the edge of the terminal`,
	fix: 'fix it',
});

describe('every step fits 80x24 at its worst', () => {
	it('start: a long error under the menu, then a long list of long recent paths', async () => {
		const recentFiles = Array.from(
			{ length: 8 },
			(_, i) =>
				`/home/operator/projects/infrastructure/clusters/site-${i}/production/etcd/cluster.yaml`,
		);
		const base = stateAt('start', { ...ENV, recentFiles });
		const error = Array.from({ length: 8 }, (_, i) => `cluster.yaml:${i + 2}:3 problem ${i}`);
		const view = renderStep({ ...base, start: { menu: 'main', error: error.join('\n') } });
		let frame = fits(await waitFor(view, 'Re-key the certificates')).join('\n');
		expect(frame).toContain('✘ cluster.yaml:2:3 problem 0');
		frame = fits(await press(view, KEYS.down, '❯ Open')).join('\n');
		frame = fits(await press(view, KEYS.enter, 'Open which file?')).join('\n');
		expect(frame).toMatch(
			/❯ \/home\/operator\/projects.*….*site-0\/production\/etcd\/cluster\.yaml/,
		);
	});

	it('start: checking the health of seven hosts, three failing', async () => {
		const base = stateAt('start', { ...ENV, recentFiles: ['/srv/lab/cluster.yaml'] });
		const view = renderStep({
			...base,
			start: {
				menu: 'health',
				busy: { kind: 'health', file: '/srv/lab/cluster.yaml', key: 'ready', passphrase: '' },
			},
			connect: { status: 'running', attempt: 1, progress: troubledRun(names) },
		});
		const lines = fits(await waitFor(view, 'Checking the health of'));
		expect(lines.filter((l) => /^etcd-member-\d /.test(l))).toHaveLength(7);
		expect(lines.join('\n')).toContain('✘ etcd-member-1 · Install etcd 3.6.14 (install)');
	});

	it('name, ssh, owner and release: every field wrong, at every field', async () => {
		const identityFiles = Array.from({ length: 10 }, (_, i) => `~/.ssh/id_ed25519_site${i}`);
		const forms: [StepId, Partial<WizardState['answers']>][] = [
			['name', { name: 'Not A Name!', dir: '/srv/x' }],
			['ssh', { sshUser: 'bad user', sshPort: '70000', identity: 'other', identityFile: '' }],
			['owner', { user: 'Bad User', group: 'bad group!', uid: 'x', gid: '-5' }],
			[
				'release',
				{
					release: 'other',
					version: '2.3',
					source: 'mirror',
					downloadUrl: 'ftp://x',
					checksumUrl: 'y',
				},
			],
		];
		for (const [step, answers] of forms) {
			const state = crowded(step, answers);
			const view = renderStep({ ...state, env: { ...state.env, identityFiles } });
			let frame = fits(await waitFor(view, '›'));
			for (;;) {
				const before = frame.join('\n');
				view.stdin.write(KEYS.tab);
				const after = await waitFor(view, (f) => f !== before, 500).catch(() => undefined);
				if (after === undefined) break;
				frame = fits(after);
			}
			view.unmount();
		}
	});

	it('start: the passphrase of an encrypted key, after a wrong one', async () => {
		const base = stateAt('start', { ...ENV, recentFiles: ['/srv/lab/cluster.yaml'] });
		const busy = {
			kind: 'health' as const,
			file: '/srv/lab/cluster.yaml',
			key: 'asking' as const,
			passphrase: 'hunter',
			identityFile: '/home/ops/.ssh/id_ed25519',
			wrong: true,
		};
		const view = renderStep({ ...base, start: { menu: 'health', busy } });
		expect(fits(await waitFor(view, 'Key passphrase'))).toEqual([
			'etcd-wizard · Start                                                 step 1 of 13',
			'',
			'etcd-wizard sets up a TLS-secured etcd cluster on your hosts over SSH and saves',
			'every answer to a cluster file.',
			'',
			'/home/ops/.ssh/id_ed25519 is encrypted: type its passphrase to check the health',
			'of /srv/lab/cluster.yaml.',
			'› Key passphrase    ******',
			'                    kept in memory for this check only, never written',
			'                    ✘ that passphrase does not open the key; type it again',
			'',
			'Enter check · Esc back to the files',
		]);
	});

	it('hosts: nine hosts with problems, and the form with its errors', async () => {
		const hosts = [...SEVEN, SEVEN[0], { name: 'BAD NAME', address: '300.1.1.1' }] as HostSpec[];
		const base = crowded('hosts', { hosts });
		const view = renderStep({ ...base, hostCursor: 8 });
		const frame = fits(await waitFor(view, '✘')).join('\n');
		expect(frame).toContain('❯ BAD NAME');
		const form = renderStep({
			...base,
			draft: { name: 'etcd-member-1', address: 'x y', focus: 1 },
		});
		fits(await waitFor(form, '› Address'));
	});

	it('connect: seven hosts without systemd, then a failure with nine details', async () => {
		const done = crowded('connect');
		const facts = crowdedFacts(SEVEN);
		const progress = progressOf(names, []);
		let view = renderStep({ ...done, facts, connect: { status: 'done', attempt: 1, progress } });
		let frame = fits(await waitFor(view, 'Enter next')).join('\n');
		expect(frame).toContain('not run systemd');
		view = renderStep({
			...done,
			connect: { status: 'failed', attempt: 1, progress: troubledRun(names), failure: REFUSED },
		});
		frame = fits(await waitFor(view, 'Enter try again')).join('\n');
		expect(frame).toContain('✘ nothing was changed: 9 problems');
		expect(frame).toContain('next: fix the problems above, then run again');
	});

	it('connect: a host key question over seven hosts connecting', async () => {
		const { effects } = fakeEffects({
			probeHosts: (_spec, _file, reach) => {
				for (const node of names)
					reach.emit({ type: 'node-step-started', node, step: 'connect', title: 'Connect' });
				reach.emit({ type: 'log', level: 'info', message: 'connecting to 7 hosts' });
				return reach.onUnknownHostKey({
					host: 'etcd-member-1',
					port: 22,
					fingerprint: `SHA256:${'x'.repeat(43)}`,
					keyType: 'ssh-ed25519',
				}) as never;
			},
		});
		const state = crowded('connect');
		const { view } = renderApp(
			{ ...state, connect: { ...state.connect, status: 'running', attempt: 1 } },
			effects,
		);
		const frame = fits(await waitFor(view, 'SHA256:xxx'));
		expect(frame.filter((l) => l.includes('Connect'))).toHaveLength(8);
	});

	it('interface: eight interfaces, the chosen one missing on two hosts', async () => {
		const view = renderStep(crowded('interface', { interface: 'wg0' }));
		let frame = fits(await waitFor(view, '› Cluster interface')).join('\n');
		expect(frame).toContain('✘ wg0 has no IPv4 address on etcd-member-1, etcd-member-2');
		// Up from the first wraps around to the last; its addresses show side by side.
		frame = fits(await press(view, KEYS.up, '❯ virbr0')).join('\n');
		expect(frame).toContain(
			'  etcd-member-1     192.168.122.1/24   etcd-member-2     192.168.122.1/24',
		);
	});

	it('ports: in use on every host', async () => {
		const view = renderStep(crowded('ports', { peerPort: 'abc' }));
		const frame = fits(await waitFor(view, '› Client port')).join('\n');
		expect(frame).toContain('✘ 2379 is in use on etcd-member-1 (haproxy-frontend on');
		expect(frame).toContain('that program');
		expect(frame).toContain('  Peer port         abc  ✘ "abc" is not a whole number');
	});

	it('tuning: every field wrong, many findings, at every field', async () => {
		const findings = names.map((n) => failing('reach', n));
		const state = crowded('tuning', {
			heartbeat: 'fast',
			electionTimeout: '-1',
			snapshotCount: 'many',
			quotaBackendBytes: 'huge',
			compactionMode: 'periodic',
			compactionRetention: 'x',
			extraFlags: 'a b c d e f g h i j k l heartbeat-interval=5 snapshot-count=1',
		});
		const preflight = {
			...state.preflight,
			status: 'done' as const,
			report: reportOf(140, findings),
		};
		const view = renderStep({ ...state, preflight });
		let frame = fits(await waitFor(view, '› Heartbeat'));
		for (let field = 1; field < 7; field++) {
			const before = frame.join('\n');
			frame = fits(await press(view, KEYS.tab, (f) => f !== before));
		}
		const last = frame.join('\n');
		expect(last).toContain('› Extra etcd flags');
		expect(last).toContain('✘ "a" needs the form key=value, e.g. log-level=warn');
		expect(last).toMatch(/… and \d+ more/);
		expect(last).toContain('✘ check homelab');
	});

	it('review: a blocker of several rows, and the question with a long path', async () => {
		const findings = [failing('reach', 'etcd-member-1')];
		const state = crowded('review', { dir: `/srv/${'deep/'.repeat(12)}lab` });
		const preflight = {
			...state.preflight,
			status: 'done' as const,
			report: reportOf(1, findings),
		};
		const view = renderStep({ ...state, preflight });
		fits(await waitFor(view, '1 Summary'));
		const ok = renderStep(stateAt('review'));
		await waitFor(ok, '1 Summary');
		fits(await press(ok, KEYS.enter, '(y/n)'));
	});

	it('provision: failures, a full log and the stop question; then a refused plan', async () => {
		const state = crowded('provision');
		const running = { status: 'running' as const, attempt: 1, progress: troubledRun(names) };
		const { effects } = fakeEffects({ apply: () => new Promise(() => {}) });
		const { view } = renderApp({ ...state, provision: { ...running, confirmStop: true } }, effects);
		let frame = fits(await waitFor(view, 'Stop provisioning?')).join('\n');
		expect(frame).toContain('✘ etcd-member-1 · Install etcd 3.6.14 (install)');
		const failed = renderStep({
			...state,
			provision: { ...running, status: 'failed', failure: REFUSED, confirmStop: false },
		});
		frame = fits(await waitFor(failed, 'r run again')).join('\n');
		expect(frame).toContain('next: fix the problems above, then run again');
	});

	it('done: seven members, each with a problem', async () => {
		const health = healthOf(names);
		const sick = {
			...health,
			cluster: { ...health.cluster, healthy: false },
			members: health.members.map((m) => ({
				...m,
				healthy: false,
				error: `${m.name} did not answer within 5s`,
			})),
		};
		const view = renderStep({
			...crowded('done'),
			result: { health: sick, clusterFile: '/srv/lab/cluster.yaml' },
		});
		const frame = fits(await waitFor(view, 'Enter or q quit')).join('\n');
		expect(frame).toContain('health        etcd-wizard health /srv/lab/cluster.yaml');
		expect(frame).toMatch(/… and \d+ more problems/);
	});
});
