import { describe, expect, it } from 'vitest';
import {
	clientFormProblems,
	EMPTY_CLIENT_FORM,
} from '../../../../source/state/rekey/client-form.js';
import type { RekeyState } from '../../../../source/state/rekey/types.js';
import type { KeyCheck } from '../../../../source/state/shared/types.js';
import {
	apply,
	connected,
	ENTRIES,
	issuedClient,
	OVERVIEW,
	opening,
	resultOf,
	T0,
	unchecked,
} from './fixtures.js';

const PROBLEM = { host: 'etcd2', message: 'etcd is inactive on etcd2', hint: 'start it' };
const QUESTION = { host: 'etcd1', port: 22, fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519' };
const aborted = { message: 'stopped', details: [], aborted: true };
const failed = {
	message: 'etcd2 did not come back',
	hint: 'see the journal',
	details: [],
	aborted: false,
};

/** At the plan of a renewal of every member. */
const atPlan = () =>
	apply(
		connected(),
		{ type: 'open-menu' },
		{ type: 'choose', choice: 'renew' },
		{ type: 'members-chosen' },
	);
/** A renewal running (attempt 1). */
const running = () => apply(atPlan(), { type: 'confirm', at: T0 + 5 });

describe('rekeyReducer: the SSH key', () => {
	const needed = { status: 'needed', identityFile: '/k' } as const;
	const checked = (check: KeyCheck, at = T0 + 9) => ({ type: 'key-checked', check, at }) as const;

	it('opens checking the key, connecting to nothing yet', () => {
		const state = unchecked();
		expect(state).toMatchObject({ screen: 'key', key: { status: 'checking', passphrase: '' } });
		expect(state.connect).toMatchObject({ status: 'idle', attempt: 0 });
	});

	it('asks an encrypted key’s passphrase, again when wrong, then connects (attempt 1)', () => {
		let state = apply(unchecked(), checked(needed), { type: 'key-typed', value: 'hunter3' });
		expect(state.key).toEqual({
			status: 'asking',
			passphrase: 'hunter3',
			identityFile: '/k',
			wrong: false,
		});
		state = apply(state, { type: 'key-submitted' });
		expect(state.key.status).toBe('checking');
		state = apply(state, checked({ status: 'wrong', identityFile: '/k' }));
		expect(state.key).toMatchObject({ status: 'asking', passphrase: '', wrong: true });
		expect(state.screen).toBe('key');
		state = apply(state, { type: 'key-typed', value: 'hunter2' }, { type: 'key-submitted' });
		state = apply(state, checked({ status: 'ok' }));
		expect(state.screen).toBe('connect');
		expect(state.key).toMatchObject({ status: 'open', passphrase: 'hunter2' });
		expect(state.connect).toMatchObject({ status: 'running', attempt: 1 });
		expect(state.connect.progress.startedAt).toBe(T0 + 9);
	});

	it('ignores an empty passphrase, key actions off the key screen, and a second answer', () => {
		const asking = apply(unchecked(), checked(needed));
		expect(apply(asking, { type: 'key-submitted' })).toBe(asking);
		expect(apply(asking, checked({ status: 'ok' }))).toBe(asking);
		const connecting = opening();
		expect(apply(connecting, checked(needed))).toBe(connecting);
		expect(apply(connecting, { type: 'key-typed', value: 'x' })).toBe(connecting);
	});

	it('quits from the question with Esc (0, nothing done) and with Ctrl-C (130)', () => {
		const asking = apply(unchecked(), checked(needed));
		expect(apply(asking, { type: 'back' }).exit).toBe(0);
		expect(apply(asking, { type: 'interrupt' }).exit).toBe(130);
	});
});

describe('rekeyReducer: connecting', () => {
	it('opens connecting to every host, renewal preselected', () => {
		const state = opening();
		expect(state.screen).toBe('connect');
		expect(state.connect).toMatchObject({ status: 'running', attempt: 1 });
		expect(state.connect.progress.nodes.map((n) => n.name)).toEqual(['etcd1', 'etcd2', 'etcd3']);
		expect(state.choice).toBe('renew');
		expect(opening({ ca: true })).toMatchObject({ choice: 'ca', mode: 'ca' });
	});

	it('folds connect events into the pane, asks host keys only while connecting', () => {
		const event = {
			type: 'node-step-started',
			node: 'etcd1',
			step: 'connect',
			title: 'Connect',
			at: T0,
		} as const;
		const state = apply(
			opening(),
			{ type: 'run-event', run: 'connect', event },
			{ type: 'host-key-asked', question: QUESTION },
		);
		expect(state.connect.progress.nodes[0]).toMatchObject({
			status: 'running',
			stepTitle: 'Connect',
		});
		expect(state.question).toEqual(QUESTION);
		expect(apply(state, { type: 'host-key-answered' }).question).toBeUndefined();
		const later = connected();
		expect(apply(later, { type: 'host-key-asked', question: QUESTION })).toBe(later);
		expect(apply(later, { type: 'run-event', run: 'connect', event })).toBe(later);
	});

	it('shows the inventory once prepared, every member chosen; a stale result is dropped', () => {
		const state = connected();
		expect(state).toMatchObject({
			screen: 'inventory',
			selected: 0,
			chosen: ['etcd1', 'etcd2', 'etcd3'],
		});
		expect(state.connect.status).toBe('done');
		const stale = apply(opening(), { type: 'prepared', attempt: 7, overview: OVERVIEW });
		expect(stale.screen).toBe('connect');
	});

	it('keeps the members given with --member that are members', () => {
		expect(connected(OVERVIEW, { members: ['etcd3', 'etcd9'] }).chosen).toEqual(['etcd3']);
	});

	it('shows a failure, tries again with r, and quits with 1', () => {
		const down = apply(
			opening(),
			{ type: 'host-key-asked', question: QUESTION },
			{ type: 'run-failed', run: 'connect', attempt: 1, failure: failed },
		);
		expect(down.connect).toMatchObject({ status: 'failed', failure: failed });
		expect(down.question).toBeUndefined();
		const again = apply(down, { type: 'retry', at: T0 + 9 });
		expect(again.connect).toMatchObject({ status: 'running', attempt: 2 });
		expect(again.connect.failure).toBeUndefined();
		expect(apply(again, { type: 'retry', at: T0 })).toBe(again);
		expect(apply(down, { type: 'quit' }).exit).toBe(1);
	});
});

describe('rekeyReducer: inventory and menu', () => {
	it('moves the selection within the rows and opens the menu, Esc comes back', () => {
		let state = apply(connected(), { type: 'move', delta: -1 });
		expect(state.selected).toBe(0);
		state = apply(state, { type: 'move', delta: 100 });
		expect(state.selected).toBe(ENTRIES.length - 1);
		state = apply(state, { type: 'open-menu' });
		expect(state.screen).toBe('menu');
		expect(apply(state, { type: 'back' }).screen).toBe('inventory');
	});

	it('quits from the inventory or the menu with 0, nothing changed', () => {
		expect(apply(connected(), { type: 'quit' }).exit).toBe(0);
		expect(apply(connected(), { type: 'open-menu' }, { type: 'choose', choice: 'quit' }).exit).toBe(
			0,
		);
	});

	it('blocks a renewal on a problem, and a rotation on a rotation problem, never a client', () => {
		const overview = { ...OVERVIEW, problems: [PROBLEM], caProblems: [PROBLEM] };
		const menu = apply(connected(overview), { type: 'open-menu' });
		const renew = apply(menu, { type: 'choose', choice: 'renew' });
		expect(renew.screen).toBe('menu');
		expect(renew.blocker).toBe(
			'1 problem above stops a renewal; a client certificate needs no host',
		);
		expect(apply(renew, { type: 'choose', choice: 'client' })).toMatchObject({
			screen: 'client',
			blocker: undefined,
		});
		const caOnly = apply(connected({ ...OVERVIEW, caProblems: [PROBLEM, PROBLEM] }), {
			type: 'open-menu',
		});
		expect(apply(caOnly, { type: 'choose', choice: 'ca' }).blocker).toBe(
			'2 problems above stop a CA rotation; a client certificate needs no host',
		);
		expect(apply(caOnly, { type: 'choose', choice: 'renew' }).screen).toBe('members');
	});
});

describe('rekeyReducer: members and plan', () => {
	it('ticks members with space, all or none with a, and needs one to go on', () => {
		let state = apply(connected(), { type: 'open-menu' }, { type: 'choose', choice: 'renew' });
		expect(state).toMatchObject({ screen: 'members', memberCursor: 0, mode: 'renew' });
		state = apply(state, { type: 'move', delta: 1 }, { type: 'toggle-member' });
		expect(state.chosen).toEqual(['etcd1', 'etcd3']);
		state = apply(state, { type: 'toggle-member' });
		expect(state.chosen).toEqual(['etcd1', 'etcd2', 'etcd3']);
		state = apply(state, { type: 'toggle-all' });
		expect(state.chosen).toEqual([]);
		state = apply(state, { type: 'members-chosen' });
		expect(state.screen).toBe('members');
		expect(state.blocker).toBe('choose at least one member: Space ticks the one under ❯');
		state = apply(state, { type: 'toggle-member' }, { type: 'members-chosen' });
		expect(state).toMatchObject({ screen: 'plan', chosen: ['etcd2'], blocker: undefined });
		expect(apply(state, { type: 'back' }).screen).toBe('members');
	});

	it('goes from a CA rotation straight to its plan, and back to the menu', () => {
		const plan = apply(connected(), { type: 'open-menu' }, { type: 'choose', choice: 'ca' });
		expect(plan).toMatchObject({ screen: 'plan', mode: 'ca', choice: 'ca' });
		expect(apply(plan, { type: 'back' }).screen).toBe('menu');
		const run = apply(plan, { type: 'confirm', at: T0 });
		expect(run.run.progress.nodes.map((n) => n.name)).toEqual(['etcd1', 'etcd2', 'etcd3']);
	});

	it('runs the chosen members on yes, folds events, ends at the health table', () => {
		const chosen = apply(
			connected(),
			{ type: 'open-menu' },
			{ type: 'choose', choice: 'renew' },
			{ type: 'toggle-member' },
			{ type: 'members-chosen' },
		);
		let state = apply(chosen, { type: 'confirm', at: T0 + 5 });
		expect(state.screen).toBe('run');
		expect(state.run).toMatchObject({ status: 'running', attempt: 1, confirmStop: false });
		expect(state.run.progress.nodes.map((n) => n.name)).toEqual(['etcd2', 'etcd3']);
		const event = { type: 'phase', title: 'Renewing etcd2' } as const;
		state = apply(state, { type: 'run-event', run: 'run', event });
		expect(state.run.progress.phase).toBe('Renewing etcd2');
		expect(apply(state, { type: 'quit' })).toBe(state);
		state = apply(state, { type: 'rekeyed', attempt: 1, result: resultOf('renew') });
		expect(state.screen).toBe('done');
		expect(state.run.status).toBe('done');
		expect(apply(state, { type: 'quit' }).exit).toBe(0);
		const sick = apply(running(), {
			type: 'rekeyed',
			attempt: 1,
			result: resultOf('renew', false),
		});
		expect(apply(sick, { type: 'quit' }).exit).toBe(1);
	});
});

describe('rekeyReducer: Ctrl-C', () => {
	it('asks before stopping a run; no keeps going, yes stops, the failure quits with 1', () => {
		const asked = apply(running(), { type: 'interrupt' });
		expect(asked.run.confirmStop).toBe(true);
		expect(apply(asked, { type: 'stop-answered', stop: false }).run).toMatchObject({
			status: 'running',
			confirmStop: false,
		});
		const stopping = apply(asked, { type: 'stop-answered', stop: true });
		expect(stopping.run).toMatchObject({ status: 'stopping', confirmStop: false });
		expect(apply(stopping, { type: 'quit' })).toBe(stopping);
		const stopped = apply(stopping, {
			type: 'run-failed',
			run: 'run',
			attempt: 1,
			failure: aborted,
		});
		expect(stopped.run).toMatchObject({ status: 'failed', failure: aborted });
		expect(apply(stopped, { type: 'quit' }).exit).toBe(1);
	});

	it('quits with 130 when asked twice, while stopping, or anywhere else', () => {
		expect(apply(running(), { type: 'interrupt' }, { type: 'interrupt' }).exit).toBe(130);
		const stopping = apply(running(), { type: 'interrupt' }, { type: 'stop-answered', stop: true });
		expect(apply(stopping, { type: 'interrupt' }).exit).toBe(130);
		expect(apply(opening(), { type: 'interrupt' }).exit).toBe(130);
		expect(apply(connected(), { type: 'interrupt' }).exit).toBe(130);
	});

	it('on SIGTERM or SIGHUP stops a run without asking and closes with 130 once it settled', () => {
		const stopping = apply(running(), { type: 'terminate' });
		expect(stopping.run).toMatchObject({ status: 'stopping', confirmStop: false });
		expect(stopping.exit).toBeUndefined();
		const settled = apply(stopping, {
			type: 'run-failed',
			run: 'run',
			attempt: 1,
			failure: aborted,
		});
		expect(settled.exit).toBe(130);
		expect(apply(connected(), { type: 'terminate' }).exit).toBe(130);
	});

	it('ignores a stop answer nobody asked for and a late result of another attempt', () => {
		const state = running();
		expect(apply(state, { type: 'stop-answered', stop: true })).toBe(state);
		expect(apply(state, { type: 'rekeyed', attempt: 2, result: resultOf('renew') })).toBe(state);
		expect(apply(state, { type: 'run-failed', run: 'run', attempt: 2, failure: failed })).toBe(
			state,
		);
	});
});

describe('rekeyReducer: a client certificate', () => {
	const atForm = () =>
		apply(connected(), { type: 'open-menu' }, { type: 'choose', choice: 'client' });
	const typed = (state: RekeyState, name: string, days?: string) =>
		apply(
			state,
			{ type: 'client-typed', field: 'name', value: name },
			...(days === undefined
				? []
				: [{ type: 'client-typed', field: 'days', value: days } as const]),
		);

	it('opens empty with 365 days; a problem shows once typed, or after Enter', () => {
		const form = atForm();
		expect(form.client).toEqual(EMPTY_CLIENT_FORM);
		expect(clientFormProblems(form.client)).toEqual({});
		const entered = apply(form, { type: 'client-submit' });
		expect(entered.client).toMatchObject({ field: 'name', submitted: true, status: 'editing' });
		expect(clientFormProblems(entered.client)).toEqual({
			name: 'a name is needed, e.g. kube-apiserver',
		});
		const bad = typed(form, 'Kube', '0');
		expect(clientFormProblems(bad.client)).toEqual({
			name: 'lower-case letters, digits, dots and dashes, starting with a letter or digit',
			days: '1 to 3650 days',
		});
	});

	it('goes name, then days, then issues; ↑↓ move between the fields', () => {
		let state = apply(typed(atForm(), 'kube-apiserver'), { type: 'client-submit' });
		expect(state.client).toMatchObject({ field: 'days', status: 'editing' });
		state = apply(state, { type: 'move', delta: -1 });
		expect(state.client.field).toBe('name');
		state = apply(
			state,
			{ type: 'move', delta: 1 },
			{ type: 'client-typed', field: 'days', value: '99999' },
			{ type: 'client-submit' },
		);
		expect(state.client).toMatchObject({ status: 'editing', submitted: true, field: 'days' });
		state = apply(
			state,
			{ type: 'client-typed', field: 'days', value: '30' },
			{ type: 'client-submit' },
		);
		expect(state.client).toMatchObject({
			status: 'issuing',
			replace: false,
			name: 'kube-apiserver',
			days: '30',
		});
		expect(apply(state, { type: 'client-typed', field: 'name', value: 'x' })).toBe(state);
		expect(apply(state, { type: 'back' })).toBe(state);
	});

	it('asks before replacing an existing one: no edits again, yes issues replacing', () => {
		const issuing = apply(
			typed(atForm(), 'kube', '30'),
			{ type: 'move', delta: 1 },
			{ type: 'client-submit' },
		);
		const asked = apply(issuing, { type: 'client-exists' });
		expect(asked.client.status).toBe('replace?');
		expect(apply(asked, { type: 'replace-answered', replace: false }).client.status).toBe(
			'editing',
		);
		expect(apply(asked, { type: 'back' }).client.status).toBe('editing');
		const yes = apply(asked, { type: 'replace-answered', replace: true });
		expect(yes.client).toMatchObject({ status: 'issuing', replace: true });
		expect(apply(yes, { type: 'client-exists' })).toBe(yes);
	});

	it('shows what was issued and lists it in the inventory, in place of an older row', () => {
		const issuing = apply(
			typed(atForm(), 'kube', '30'),
			{ type: 'move', delta: 1 },
			{ type: 'client-submit' },
		);
		const done = apply(issuing, { type: 'client-issued', issued: issuedClient('kube') });
		expect(done.screen).toBe('issued');
		expect(done.issued?.issued.name).toBe('kube');
		expect(done.client).toEqual(EMPTY_CLIENT_FORM);
		const entries = done.overview?.inventory.entries ?? [];
		expect(entries).toHaveLength(ENTRIES.length + 1);
		expect(entries.at(-1)?.file).toBe('pki/clients/kube.crt');
		expect(apply(done, { type: 'back' }).screen).toBe('inventory');
		const again = apply(done, { type: 'open-menu' });
		expect(again).toBe(done);
		const twice = apply(
			apply(
				apply(done, { type: 'back' }, { type: 'open-menu' }, { type: 'choose', choice: 'client' }),
				{ type: 'client-typed', field: 'name', value: 'kube' },
				{ type: 'move', delta: 1 },
				{ type: 'client-submit' },
			),
			{ type: 'client-issued', issued: issuedClient('kube', 10) },
		);
		const kube = (twice.overview?.inventory.entries ?? []).filter(
			(e) => e.file === 'pki/clients/kube.crt',
		);
		expect(kube.map((e) => e.daysLeft)).toEqual([9]);
	});

	it('shows why issuing failed and lets the fields be edited again', () => {
		const issuing = apply(
			typed(atForm(), 'kube', '30'),
			{ type: 'move', delta: 1 },
			{ type: 'client-submit' },
		);
		const failedIssue = apply(issuing, {
			type: 'client-failed',
			message: '/pki/ca.key is missing',
		});
		expect(failedIssue.client).toMatchObject({
			status: 'editing',
			error: '/pki/ca.key is missing',
		});
		expect(
			apply(failedIssue, { type: 'client-typed', field: 'name', value: 'kub' }).client.error,
		).toBeUndefined();
		expect(apply(failedIssue, { type: 'back' }).screen).toBe('menu');
	});
});
