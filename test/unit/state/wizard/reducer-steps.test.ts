import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../../source/cluster/index.js';
import { stepFields } from '../../../../source/state/wizard/fields.js';
import { initialWizardState } from '../../../../source/state/wizard/initial-state.js';
import type { wizardReducer } from '../../../../source/state/wizard/reducer.js';
import type { WizardState } from '../../../../source/state/wizard/types.js';
import { ENV, factsWithoutInterfaces, fold, HOSTS, healthOf, stateAt } from './fixtures.js';

const RECENT = ['/srv/lab/cluster.yaml'];

/** The action leaves the state object as it was. */
const refuses = (state: WizardState, ...actions: Parameters<typeof wizardReducer>[1][]) =>
	expect(fold(state, ...actions)).toBe(state);

describe('start', () => {
	const start = initialWizardState({ ...ENV, recentFiles: RECENT }, { dir: 'lab' });

	it('goes to the name step for a new cluster, keeping the directory given', () => {
		const next = fold(start, { type: 'start-menu', choice: 'new' });
		expect(next.step).toBe('name');
		expect(next.answers.dir).toBe('lab');
	});

	it('opens a recent file: its answers, kept keys, and the name step', () => {
		const spec = applyDefaults({ name: 'lab', hosts: HOSTS, etcd: { dataDir: '/srv/etcd' } });
		const opening = fold(
			start,
			{ type: 'start-menu', choice: 'open' },
			{ type: 'start-file', file: RECENT[0] ?? '' },
		);
		expect(opening.start).toEqual({ menu: 'open', busy: { kind: 'open', file: RECENT[0] } });
		const opened = fold(opening, { type: 'cluster-opened', file: RECENT[0] ?? '', spec });
		expect(opened).toMatchObject({
			step: 'name',
			base: spec,
			answers: { name: 'lab', dir: '/srv/lab', hosts: HOSTS },
		});
		// Back at the start, a new cluster starts again from the defaults, not the opened file.
		const fresh = fold(opened, { type: 'back' }, { type: 'start-menu', choice: 'new' });
		expect(fresh.base).toBeUndefined();
		expect(fresh.answers).toBe(start.defaults);
	});

	it('shows why a file could not be opened, and lets another be chosen', () => {
		const failed = fold(
			start,
			{ type: 'start-menu', choice: 'open' },
			{ type: 'start-file', file: RECENT[0] ?? '' },
			{ type: 'start-failed', message: 'cluster.yaml:3:1 name: is required' },
		);
		expect(failed.start).toEqual({ menu: 'main', error: 'cluster.yaml:3:1 name: is required' });
		expect(failed.step).toBe('start');
	});

	it('checks the health of a recent file through the connect run once its key opens', () => {
		const file = RECENT[0] ?? '';
		const keyCheck = fold(
			start,
			{ type: 'start-menu', choice: 'health' },
			{ type: 'start-file', file, at: 5 },
		);
		expect(keyCheck.start.busy).toEqual({ kind: 'health', file, key: 'checking', passphrase: '' });
		expect(keyCheck.connect.status).toBe('idle');
		refuses(keyCheck, { type: 'key-checked', file: '/elsewhere.yaml', check: { status: 'ok' } });
		refuses(keyCheck, { type: 'start-passphrase', value: 'typed before it is asked' });
		const checking = fold(keyCheck, {
			type: 'key-checked',
			file,
			check: { status: 'ok' },
			at: 7,
		});
		expect(checking.connect).toMatchObject({ status: 'running', attempt: 1 });
		expect(checking.start.busy).toMatchObject({ kind: 'health', key: 'ready' });
		refuses(checking, { type: 'back' });
	});

	it('asks an encrypted key’s passphrase before the health check, again when wrong', () => {
		const file = RECENT[0] ?? '';
		const key = '/home/ops/.ssh/id_ed25519';
		const asked = fold(
			start,
			{ type: 'start-menu', choice: 'health' },
			{ type: 'start-file', file },
			{ type: 'key-checked', file, check: { status: 'needed', identityFile: key } },
			{ type: 'start-passphrase', value: 'hunter' },
			{ type: 'start-passphrase', value: 'hunter2' },
		);
		expect(asked.start.busy).toEqual({
			kind: 'health',
			file,
			key: 'asking',
			passphrase: 'hunter2',
			identityFile: key,
			wrong: false,
		});
		const tried = fold(asked, { type: 'start-unlock' });
		expect(tried.start.busy).toMatchObject({ key: 'checking', passphrase: 'hunter2' });
		refuses(tried, { type: 'start-unlock' });
		const wrong = fold(tried, {
			type: 'key-checked',
			file,
			check: { status: 'wrong', identityFile: key },
		});
		expect(wrong.start.busy).toMatchObject({ key: 'asking', passphrase: '', wrong: true });
		// Esc leaves the question for the list of files, and forgets what was typed.
		const typed = fold(wrong, { type: 'start-passphrase', value: 'secret' });
		expect(fold(typed, { type: 'back' }).start).toEqual({ menu: 'health' });
		// The health check over, the passphrase is gone with the start step's state.
		const done = fold(
			typed,
			{ type: 'start-unlock' },
			{ type: 'key-checked', file, check: { status: 'ok' } },
			{ type: 'health-done', attempt: 1, health: healthOf(['etcd1']) },
		);
		expect(done.step).toBe('done');
		expect(JSON.stringify(done)).not.toContain('secret');
	});

	it('hands a recent file to the re-key screen', () => {
		const menu = fold(start, { type: 'start-menu', choice: 'rekey' });
		expect(menu.start).toEqual({ menu: 'rekey' });
		refuses(menu, { type: 'start-file', file: '/etc/passwd' });
		const file = RECENT[0] ?? '';
		expect(fold(menu, { type: 'start-file', file }).exit).toEqual({ rekey: file });
		expect(fold(menu, { type: 'back' }).start).toEqual({ menu: 'main' });
		refuses(initialWizardState(ENV), { type: 'start-menu', choice: 'rekey' });
	});

	it('refuses files that are not recent, menus without recent files, and Esc on the main menu', () => {
		refuses(start, { type: 'start-file', file: RECENT[0] ?? '' });
		refuses(fold(start, { type: 'start-menu', choice: 'open' }), {
			type: 'start-file',
			file: '/etc/passwd',
		});
		refuses(initialWizardState(ENV), { type: 'start-menu', choice: 'open' });
		refuses(start, { type: 'back' });
		refuses(start, { type: 'cluster-opened', file: 'x', spec: applyDefaults({}) });
		const menu = fold(start, { type: 'start-menu', choice: 'health' });
		expect(fold(menu, { type: 'back' }).start).toEqual({ menu: 'main' });
	});

	it('quits with 0 from the menu', () => {
		expect(fold(start, { type: 'start-menu', choice: 'quit' }).exit).toBe(0);
	});
});

describe('fields', () => {
	const name = fold(initialWizardState(ENV), { type: 'start-menu', choice: 'new' });

	it('types into the focused step’s fields only', () => {
		const typed = fold(name, { type: 'set', field: 'name', value: 'homelab' });
		expect(typed.answers.name).toBe('homelab');
		refuses(name, { type: 'set', field: 'sshUser', value: 'ops' });
		refuses(name, { type: 'set', field: 'hostName', value: 'etcd1' });
	});

	it('refuses Enter on a field with an error, moves on from a good one, then to the next step', () => {
		refuses(name, { type: 'submit-field' });
		refuses(name, { type: 'next' });
		const typed = fold(name, { type: 'set', field: 'name', value: 'homelab' });
		const onDir = fold(typed, { type: 'submit-field' });
		expect(onDir.focus).toBe(1);
		expect(fold(onDir, { type: 'submit-field' })).toMatchObject({ step: 'ssh', focus: 0 });
		expect(fold(typed, { type: 'next' }).step).toBe('ssh');
	});

	it('moves between fields with Tab and arrows, stopping at both ends', () => {
		refuses(name, { type: 'focus', to: 'prev' });
		const down = fold(name, { type: 'focus', to: 'next' });
		expect(down.focus).toBe(1);
		refuses(down, { type: 'focus', to: 'next' });
	});

	it('Esc goes back a step keeping every answer', () => {
		const ssh = fold(
			name,
			{ type: 'set', field: 'name', value: 'homelab' },
			{ type: 'next' },
			{ type: 'set', field: 'sshUser', value: 'ops' },
		);
		const back = fold(ssh, { type: 'back' });
		expect(back).toMatchObject({ step: 'name', answers: { name: 'homelab', sshUser: 'ops' } });
		expect(fold(back, { type: 'back' }).step).toBe('start');
		expect(fold(back, { type: 'next' }).answers.sshUser).toBe('ops');
	});

	it('shows the fields each SSH choice needs; choices must be offered ones', () => {
		const ssh = { ...stateAt('ssh'), focus: 2 };
		expect(stepFields(ssh)).toEqual(['sshUser', 'sshPort', 'identity', 'passphrase']);
		const other = fold(ssh, { type: 'choose', field: 'identity', value: 'other' });
		expect(stepFields(other)).toEqual([
			'sshUser',
			'sshPort',
			'identity',
			'identityFile',
			'passphrase',
		]);
		expect(other.focus).toBe(3);
		const agent = fold(ssh, { type: 'choose', field: 'identity', value: 'agent' });
		expect(agent.step).toBe('hosts');
		refuses(ssh, { type: 'choose', field: 'identity', value: '/etc/shadow' });
		refuses(ssh, { type: 'choose', field: 'release', value: '3.6.14' });
		const typed = fold(other, { type: 'set', field: 'passphrase', value: 'secret' });
		expect(typed.answers.passphrase).toBe('secret');
	});

	it('shows the release fields each source needs', () => {
		const release = stateAt('release');
		expect(stepFields(release)).toEqual(['release', 'source']);
		const other = fold(release, { type: 'choose', field: 'release', value: 'other' });
		expect(stepFields(other)).toEqual(['release', 'version', 'source']);
		const mirror = { ...other, focus: 2, answers: { ...other.answers, version: '3.5.0' } };
		expect(stepFields(fold(mirror, { type: 'choose', field: 'source', value: 'mirror' }))).toEqual([
			'release',
			'version',
			'source',
			'downloadUrl',
			'checksumUrl',
		]);
		expect(stepFields({ ...release, answers: { ...release.answers, source: 'tarball' } })).toEqual([
			'release',
			'source',
			'tarball',
		]);
	});

	it('asks the retention only with a compaction mode', () => {
		const tuning = { ...stateAt('tuning'), focus: 4 };
		expect(stepFields(tuning)).not.toContain('compactionRetention');
		const periodic = fold(tuning, { type: 'choose', field: 'compactionMode', value: 'periodic' });
		expect(stepFields(periodic)).toContain('compactionRetention');
		expect(periodic.focus).toBe(5);
	});
});

describe('hosts', () => {
	const hosts = { ...stateAt('hosts'), answers: { ...stateAt('hosts').answers, hosts: [] } };
	const add = (state: WizardState, name: string, address: string) =>
		fold(
			state,
			{ type: 'host-edit' },
			{ type: 'set', field: 'hostName', value: name },
			{ type: 'submit-field' },
			{ type: 'set', field: 'hostAddress', value: address },
			{ type: 'submit-field' },
		);

	it('adds hosts and leaves the cursor on "add a host"', () => {
		const three = add(
			add(add(hosts, 'etcd1', '10.77.0.11'), 'etcd2', '10.77.0.12'),
			'etcd3',
			'10.77.0.13',
		);
		expect(three.answers.hosts).toEqual(HOSTS);
		expect(three.hostCursor).toBe(3);
		expect(three.draft).toBeUndefined();
	});

	it('refuses a duplicate or malformed host, and a bad name before the address', () => {
		const one = add(hosts, 'etcd1', '10.77.0.11');
		const dup = add(one, 'etcd2', '10.77.0.11');
		expect(dup.draft).toMatchObject({ name: 'etcd2', address: '10.77.0.11', focus: 1 });
		expect(dup.answers.hosts).toHaveLength(1);
		const malformed = fold(
			one,
			{ type: 'host-edit' },
			{ type: 'set', field: 'hostName', value: 'Etcd_2' },
		);
		refuses(malformed, { type: 'submit-field' });
		refuses(malformed, { type: 'host-save' });
	});

	it('edits, cancels with Esc, and removes hosts', () => {
		const three = stateAt('hosts');
		const editing = fold(three, { type: 'host-edit', index: 1 });
		expect(editing.draft).toEqual({ index: 1, name: 'etcd2', address: '10.77.0.12', focus: 0 });
		const edited = fold(
			editing,
			{ type: 'focus', to: 'next' },
			{ type: 'set', field: 'hostAddress', value: '10.77.0.22' },
			{ type: 'submit-field' },
		);
		expect(edited.answers.hosts[1]).toEqual({ name: 'etcd2', address: '10.77.0.22' });
		expect(edited.hostCursor).toBe(1);
		const cancelled = fold(
			editing,
			{ type: 'set', field: 'hostName', value: 'x' },
			{ type: 'back' },
		);
		expect(cancelled.answers.hosts).toEqual(HOSTS);
		expect(cancelled.step).toBe('hosts');
		const removed = fold(
			three,
			{ type: 'host-cursor', index: 2 },
			{ type: 'host-remove', index: 2 },
		);
		expect(removed.answers.hosts).toEqual(HOSTS.slice(0, 2));
		expect(removed.hostCursor).toBe(1);
		refuses(three, { type: 'host-remove', index: 3 });
		refuses(three, { type: 'host-edit', index: 7 });
		refuses(editing, { type: 'host-remove', index: 0 });
		refuses(three, { type: 'host-cursor', index: 9 });
	});

	it('goes on only with hosts and no open form; connecting starts a run for them', () => {
		refuses(hosts, { type: 'next' });
		refuses(fold(stateAt('hosts'), { type: 'host-edit' }), { type: 'next' });
		const connect = fold(stateAt('hosts'), { type: 'next', at: 42 });
		expect(connect.step).toBe('connect');
		expect(connect.connect.status).toBe('running');
		expect(connect.connect.progress.nodes.map((n) => n.name)).toEqual(['etcd1', 'etcd2', 'etcd3']);
		expect(connect.connect.progress.startedAt).toBe(42);
	});
});

describe('interface, ports, owner, release, tuning', () => {
	it('takes an interface every host has; refuses one a host lacks', () => {
		const iface = stateAt('interface');
		expect(fold(iface, { type: 'choose', field: 'interface', value: 'eth0' })).toMatchObject({
			step: 'ports',
			answers: { interface: 'eth0' },
		});
		const lacking = {
			...iface,
			facts: factsWithoutInterfaces('etcd3'),
		} as WizardState;
		const chosen = fold(lacking, { type: 'choose', field: 'interface', value: 'wg0' });
		expect(chosen.step).toBe('interface');
		refuses(iface, { type: 'choose', field: 'interface', value: 'tun9' });
	});

	it('walks the forms to the review with the defaults', () => {
		let state = stateAt('ports');
		for (const step of ['owner', 'release', 'tuning', 'review'] as const) {
			state = fold(state, { type: 'next' });
			expect(state.step).toBe(step);
		}
		expect(state.review).toEqual({ tab: 0, scroll: 0 });
	});

	it('refuses to leave a form with an error anywhere on it', () => {
		const ports = stateAt('ports');
		refuses({ ...ports, answers: { ...ports.answers, peerPort: '2379' } }, { type: 'next' });
		const tuning = stateAt('tuning');
		refuses(
			{ ...tuning, answers: { ...tuning.answers, electionTimeout: '300' } },
			{ type: 'next' },
		);
	});
});
