import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/cluster/defaults.js';
import { lineDiff } from '../../../source/plan/diff.js';
import { isNoop, planCluster } from '../../../source/plan/plan.js';
import { type DesiredFile, UNIT_PATH } from '../../../source/render/index.js';
import type { FileFacts, HostFacts } from '../../../source/shell/facts.js';

const spec = applyDefaults({
	name: 'homelab',
	hosts: [
		{ name: 'etcd1', address: '10.77.0.11' },
		{ name: 'etcd2', address: '10.77.0.12' },
	],
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const desired: DesiredFile[] = [
	{
		path: '/etc/etcd/etcd.conf.yml',
		content: 'name: x\nelection-timeout: 1000\n',
		mode: 0o640,
		owner: 'root',
		group: 'etcd',
		secret: false,
	},
	{
		path: '/etc/etcd/server.key',
		content: 'KEY',
		mode: 0o600,
		owner: 'etcd',
		group: 'etcd',
		secret: true,
	},
	{
		path: '/etc/etcd/server.crt',
		content: 'CERT',
		mode: 0o644,
		owner: 'etcd',
		group: 'etcd',
		secret: false,
	},
	{
		path: '/etc/etcd/ca.crt',
		content: 'CA',
		mode: 0o644,
		owner: 'root',
		group: 'etcd',
		secret: false,
	},
];

/** A host where everything is already as `files` says. */
function converged(
	files: readonly DesiredFile[] = desired,
	extra: Partial<HostFacts> = {},
): HostFacts {
	const fileFacts = new Map<string, FileFacts>(
		files.map((f) => [
			f.path,
			{
				mode: f.mode.toString(8),
				owner: f.owner,
				group: f.group,
				sha256: sha(f.content),
				content: f.secret ? undefined : f.content,
			} as FileFacts,
		]),
	);
	return {
		arch: 'x86_64',
		os: 'Debian GNU/Linux 12 (bookworm)',
		kernel: '6.1',
		hostname: 'etcd1',
		systemd: true,
		interfaces: [{ name: 'wg0', ipv4: [{ address: '10.88.0.11', prefixLength: 24 }] }],
		userId: 999,
		groupId: 999,
		dirs: new Map([
			['/etc/etcd', { mode: '750', owner: 'root', group: 'etcd' }],
			['/var/lib/etcd', { mode: '700', owner: 'etcd', group: 'etcd' }],
		]),
		files: fileFacts,
		etcdVersion: spec.etcd.version,
		etcdctlPresent: true,
		hasData: true,
		unit: {
			activeState: 'active',
			subState: 'running',
			mainPid: 42,
			unitFileState: 'enabled',
			restarts: 0,
		},
		listening: [],
		clock: 0,
		memTotalKiB: 0,
		dataFreeKiB: 0,
		...extra,
	};
}

const TOKEN = 'homelab-abc';
const withToken = (files: DesiredFile[]) =>
	files.map((f) =>
		f.path.endsWith('etcd.conf.yml')
			? { ...f, content: `initial-cluster-token: ${TOKEN}\n${f.content}` }
			: f,
	);

function plan(facts: Record<string, HostFacts>, files = withToken(desired)) {
	return planCluster({
		spec,
		facts: new Map(Object.entries(facts)),
		desired: new Map(spec.hosts.map((h) => [h.name, files])),
		token: TOKEN,
	});
}

describe('planCluster', () => {
	it('plans nothing for hosts that already match', () => {
		const files = withToken(desired);
		const p = plan({ etcd1: converged(files), etcd2: converged(files) }, files);
		expect(p.problems).toEqual([]);
		expect(isNoop(p)).toBe(true);
		expect(p.bootstrap).toBe(false);
	});

	it('plans everything on a fresh host, and a start, for a bootstrap', () => {
		const fresh = converged([], {
			hasData: false,
			files: new Map(),
			dirs: new Map(),
			userId: undefined,
			groupId: undefined,
			etcdVersion: undefined,
			etcdctlPresent: false,
			unit: undefined,
		});
		const p = plan({ etcd1: fresh, etcd2: fresh });
		expect(p.bootstrap).toBe(true);
		const kinds = p.nodes[0]?.steps.map((s) => s.kind);
		expect(kinds).toEqual([
			'create-group',
			'create-user',
			'ensure-dir',
			'ensure-dir',
			'install-etcd',
			'write-files',
			'enable',
		]);
		expect(p.nodes[0]?.activation).toEqual({ kind: 'start', reason: 'first start' });
	});

	describe('daemon-reload for a new etcd.service', () => {
		const unit: DesiredFile = {
			path: UNIT_PATH,
			content: '[Unit]\nDescription=etcd\n',
			mode: 0o644,
			owner: 'root',
			group: 'root',
			secret: false,
		};
		const files = withToken([...desired, unit]);
		const host = (overrides: Partial<HostFacts>) =>
			converged([], { files: new Map(), unit: undefined, hasData: false, ...overrides });
		const systemdSteps = (facts: HostFacts) =>
			plan({ etcd1: facts }, files)
				.nodes[0]?.steps.map((s) => s.kind)
				.filter((k) => k === 'daemon-reload' || k === 'enable');

		it('is skipped when systemd 252 or later has never loaded an etcd.service', () => {
			expect(systemdSteps(host({ systemdVersion: 252, unitLoadState: 'not-found' }))).toEqual([
				'enable',
			]);
		});

		it('runs when systemd knows another etcd.service (a packaged one)', () => {
			expect(systemdSteps(host({ systemdVersion: 252, unitLoadState: 'loaded' }))).toEqual([
				'daemon-reload',
				'enable',
			]);
		});

		it('runs on older systemd, or when the version is not known', () => {
			for (const facts of [
				host({ systemdVersion: 247, unitLoadState: 'not-found' }),
				host({ unitLoadState: 'not-found' }),
			]) {
				expect(systemdSteps(facts)).toEqual(['daemon-reload', 'enable']);
			}
		});
	});

	it('restarts for a config change, with a diff, but not for a renewed leaf certificate', () => {
		const files = withToken(desired);
		const before = converged(files);
		const changedConfig = files.map((f) =>
			f.path.endsWith('etcd.conf.yml') ? { ...f, content: f.content.replace('1000', '1200') } : f,
		);
		const p = plan({ etcd1: before, etcd2: before }, changedConfig);
		const node = p.nodes[0];
		expect(node?.activation).toEqual({
			kind: 'restart',
			reason: '/etc/etcd/etcd.conf.yml changed',
		});
		const write = node?.steps.find((s) => s.kind === 'write-files');
		expect(write?.kind === 'write-files' && write.changes[0]?.diff).toContain(
			'-election-timeout: 1000\n+election-timeout: 1200',
		);

		const renewed = files.map((f) =>
			f.path.endsWith('server.crt') ? { ...f, content: 'NEW CERT' } : f,
		);
		const q = plan({ etcd1: before, etcd2: before }, renewed);
		expect(q.nodes[0]?.activation).toEqual({ kind: 'none' });
		expect(q.nodes[0]?.steps).toHaveLength(1);
	});

	it('never shows a diff of a key', () => {
		const files = withToken(desired);
		const rekeyed = files.map((f) => (f.secret ? { ...f, content: 'OTHER KEY' } : f));
		const p = plan({ etcd1: converged(files), etcd2: converged(files) }, rekeyed);
		const write = p.nodes[0]?.steps[0];
		expect(write?.kind === 'write-files' && write.changes[0]).toMatchObject({ reason: 'content' });
		expect(write?.kind === 'write-files' && write.changes[0]?.diff).toBeFalsy();
	});

	it('fixes a wrong mode without a restart', () => {
		const files = withToken(desired);
		const loose = converged(files);
		const looseFiles = new Map(loose.files);
		looseFiles.set('/etc/etcd/server.key', {
			...(looseFiles.get('/etc/etcd/server.key') as FileFacts),
			mode: '644',
		});
		const p = plan({ etcd1: { ...loose, files: looseFiles }, etcd2: converged(files) }, files);
		const write = p.nodes[0]?.steps[0];
		expect(write?.kind === 'write-files' && write.changes.map((c) => c.reason)).toEqual([
			'mode 644 -> 600',
		]);
		expect(p.nodes[0]?.activation.kind).toBe('none');
	});

	it('refuses data from another cluster, a missing interface, no systemd, and a half-bootstrapped cluster', () => {
		const foreign = converged(
			desired.map((f) =>
				f.path.endsWith('etcd.conf.yml')
					? { ...f, content: 'initial-cluster-token: other-1\n' }
					: f,
			),
		);
		const noWg = converged(withToken(desired), {
			hasData: false,
			systemd: false,
			interfaces: [{ name: 'eth0', ipv4: [] }],
		});
		const p = plan({ etcd1: foreign, etcd2: noWg });
		const messages = p.problems.map((x) => x.message);
		expect(messages).toContain(
			'etcd1 already has etcd data in /var/lib/etcd from another cluster (token other-1)',
		);
		expect(messages).toContain('etcd2 has no interface wg0 (it has: eth0)');
		expect(messages).toContain('etcd2 does not run systemd (no /run/systemd/system)');
		expect(
			messages.some((m) => m.includes('adding members to a running cluster is not supported yet')),
		).toBe(true);
		for (const problem of p.problems) expect(problem.hint.length).toBeGreaterThan(10);
	});
});

describe('planCluster: what restarts a running member', () => {
	const unit: DesiredFile = {
		path: UNIT_PATH,
		content: '[Unit]\nDescription=etcd\n',
		mode: 0o644,
		owner: 'root',
		group: 'root',
		secret: false,
	};
	const files = withToken([...desired, unit]);
	const CONFIG = '/etc/etcd/etcd.conf.yml';
	const CA = '/etc/etcd/ca.crt';

	type Change = 'content' | 'mode' | 'owner' | 'missing';

	/** The member's activation and the reasons of its file writes after `change` to `path`. */
	function planAfter(path: string, change: Change, extra: Partial<HostFacts> = {}) {
		const host = converged(files, extra);
		const hostFiles = new Map(host.files);
		const current = hostFiles.get(path) as FileFacts;
		if (change === 'mode') hostFiles.set(path, { ...current, mode: '600' });
		if (change === 'owner') hostFiles.set(path, { ...current, owner: 'nobody', group: 'nogroup' });
		if (change === 'missing') hostFiles.delete(path);
		const wanted =
			change === 'content'
				? files.map((f) => (f.path === path ? { ...f, content: `${f.content}# new\n` } : f))
				: files;
		const node = plan({ etcd1: { ...host, files: hostFiles }, etcd2: converged(files) }, wanted)
			.nodes[0];
		const write = node?.steps.find((s) => s.kind === 'write-files');
		const reasons = write?.kind === 'write-files' ? write.changes.map((c) => c.reason) : [];
		return { activation: node?.activation, reasons };
	}

	const restart = (reason: string) => ({ kind: 'restart', reason });
	const none = { kind: 'none' };

	it.each([
		[CONFIG, 'content', 'content', restart(`${CONFIG} changed`)],
		[CONFIG, 'mode', 'mode 600 -> 640', none],
		[CONFIG, 'owner', 'owner nobody:nogroup -> root:etcd', none],
		[CONFIG, 'missing', 'missing', restart(`${CONFIG} changed`)],
		[UNIT_PATH, 'content', 'content', restart(`${UNIT_PATH} changed`)],
		[UNIT_PATH, 'mode', 'mode 600 -> 644', none],
		[UNIT_PATH, 'owner', 'owner nobody:nogroup -> root:root', none],
		[CA, 'content', 'content', restart(`${CA} changed`)],
		[CA, 'mode', 'mode 600 -> 644', none],
		[CA, 'owner', 'owner nobody:nogroup -> root:etcd', none],
		[CA, 'missing', 'missing', restart(`${CA} changed`)],
		['/etc/etcd/server.crt', 'content', 'content', none],
		['/etc/etcd/server.crt', 'mode', 'mode 600 -> 644', none],
		['/etc/etcd/server.key', 'content', 'content', none],
		['/etc/etcd/server.key', 'owner', 'owner nobody:nogroup -> etcd:etcd', none],
	] as const)('%s (%s): writes it for %j, activation %o', (path, change, reason, activation) => {
		expect(planAfter(path, change)).toEqual({ activation, reasons: [reason] });
	});

	it('restarts for a version change, and for nothing else when only modes are fixed with it', () => {
		expect(planAfter(CONFIG, 'mode', { etcdVersion: '3.5.21' })).toEqual({
			activation: restart('etcd 3.5.21 -> 3.6.14'),
			reasons: ['mode 600 -> 640'],
		});
	});

	it('names every file of the restart set that changed, and none that only changed mode', () => {
		const host = converged(files);
		const hostFiles = new Map(host.files);
		hostFiles.set(CA, { ...(hostFiles.get(CA) as FileFacts), mode: '600' });
		const wanted = files.map((f) =>
			f.path === CONFIG || f.path === UNIT_PATH ? { ...f, content: `${f.content}# new\n` } : f,
		);
		const node = plan({ etcd1: { ...host, files: hostFiles }, etcd2: host }, wanted).nodes[0];
		expect(node?.activation).toEqual(restart(`${CONFIG} changed, ${UNIT_PATH} changed`));
	});
});

describe('lineDiff', () => {
	it('marks removed and added lines', () => {
		expect(lineDiff('a\nb\nc', 'a\nB\nc\nd', 'f')).toBe(
			['--- f (on the host)', '+++ f (wanted)', '-b', '+B', '+d'].join('\n'),
		);
	});
});
