import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import {
	initialProgress,
	type ProgressState,
	progressReducer,
	type StampedEvent,
} from '../../../../source/events/progress-state.js';
import { formatElapsed, ProgressPane } from '../../../../source/ui/shared/progress-pane.js';
import {
	colorEnabled,
	logColor,
	SPINNER_FRAMES,
	spinnerFrame,
	statusColor,
	statusSymbol,
} from '../../../../source/ui/shared/theme.js';
import { plainRows } from '../../../support/ink.js';

const T0 = 1_000_000;
const NODES = ['etcd1', 'etcd2', 'etcd3'];

/** Scripted steps of a run, in the order the executor would emit them. */
const RUNNING: readonly StampedEvent[] = [
	{ type: 'phase', title: 'Installing etcd 3.4.23 on 3 hosts' },
	{
		type: 'node-step-started',
		node: 'etcd1',
		step: 'install-etcd',
		title: 'Installing etcd 3.4.23 into /usr/local/bin from the uploaded tarball, then checking it',
		at: T0 + 1000,
	},
	{
		type: 'node-step-started',
		node: 'etcd2',
		step: 'download',
		title: 'Downloading etcd',
		at: T0 + 1200,
	},
	{
		type: 'node-step-started',
		node: 'etcd3',
		step: 'users',
		title: 'Creating user etcd',
		at: T0 + 1500,
	},
];

const FAILED: readonly StampedEvent[] = [
	{
		type: 'node-step-failed',
		node: 'etcd2',
		step: 'download',
		error:
			'sha256 mismatch for etcd-v3.4.23-linux-amd64.tar.gz: the download is truncated or the checksum file is for another version',
		stderrTail: [
			'curl: (18) transfer closed with 1048576 bytes remaining to read from the management bridge',
			'\u001b[31mexit status 18\u001b[0m',
		],
		hint: 'check etcd.checksumUrl in cluster.yaml, or set etcd.tarball to a local file',
		at: T0 + 4200,
	},
	{ type: 'log', level: 'warn', node: 'etcd1', message: 'clock is 2s ahead of this machine' },
];

const FINISHED: readonly StampedEvent[] = [
	{ type: 'node-step-done', node: 'etcd1', step: 'install-etcd', changed: true, at: T0 + 6000 },
	{ type: 'node-step-done', node: 'etcd3', step: 'users', changed: false, at: T0 + 2500 },
	{
		type: 'node-step-started',
		node: 'etcd3',
		step: 'unit',
		title: 'Writing etcd.service',
		at: T0 + 2600,
	},
	{ type: 'node-step-done', node: 'etcd3', step: 'unit', changed: true, at: T0 + 3100 },
];

/** What the pane shows under the rows once etcd2 has failed and etcd1 has warned. */
const FAILURE_AND_LOG = [
	'',
	'✘ etcd2 · Downloading etcd (download)',
	// Ink's wrap keeps the space it broke at; the line above is exactly 80 wide.
	'  sha256 mismatch for etcd-v3.4.23-linux-amd64.tar.gz: the download is truncated',
	'   or the checksum file is for another version',
	'  │ curl: (18) transfer closed with 1048576 bytes remaining to read from the ma…',
	'  │ exit status 18',
	'  next: check etcd.checksumUrl in cluster.yaml, or set etcd.tarball to a local',
	'  file',
	'',
	'warn etcd1: clock is 2s ahead of this machine',
];

const fold = (state: ProgressState, events: readonly StampedEvent[]): ProgressState =>
	events.reduce(progressReducer, state);

describe('ProgressPane', () => {
	it('draws the frames of a run: waiting, running, one failure with its next step, done', () => {
		const waiting = initialProgress(NODES, T0);
		const running = fold(waiting, RUNNING);
		const failed = fold(running, FAILED);
		const finished = fold(failed, FINISHED);
		const pane = (state: ProgressState, now: number) => (
			<ProgressPane state={state} now={now} width={80} color={false} />
		);

		const view = render(pane(waiting, T0));
		const frames = [plainRows(view.lastFrame())];
		view.rerender(pane(running, T0 + 3000));
		frames.push(plainRows(view.lastFrame()));
		view.rerender(pane(failed, T0 + 4500));
		frames.push(plainRows(view.lastFrame()));
		view.rerender(pane(finished, T0 + 7000));
		frames.push(plainRows(view.lastFrame()));
		view.unmount();

		expect(frames).toEqual([
			['etcd1  · waiting', 'etcd2  · waiting', 'etcd3  · waiting'].join('\n'),
			[
				'== Installing etcd 3.4.23 on 3 hosts',
				'etcd1  ⠧ Installing etcd 3.4.23 into /usr/local/bin from the uploaded ta…     2s',
				'etcd2  ⠧ Downloading etcd                                                     1s',
				'etcd3  ⠧ Creating user etcd                                                   1s',
			].join('\n'),
			[
				'== Installing etcd 3.4.23 on 3 hosts',
				'etcd1  ⠦ Installing etcd 3.4.23 into /usr/local/bin from the uploaded ta…     3s',
				'etcd2  ✘ failed: Downloading etcd                                             3s',
				'etcd3  ⠦ Creating user etcd                                                   3s',
				...FAILURE_AND_LOG,
			].join('\n'),
			[
				'== Installing etcd 3.4.23 on 3 hosts',
				'etcd1  ✔ done · 1 step, 1 changed                                             5s',
				'etcd2  ✘ failed: Downloading etcd                                             3s',
				'etcd3  ✔ done · 2 steps, 1 changed                                            1s',
				...FAILURE_AND_LOG,
			].join('\n'),
		]);
	});

	it('fits 80 columns with long names, titles and messages', () => {
		const long = 'x'.repeat(200);
		const state = fold(initialProgress([`host-${long}`, 'etcd2'], T0), [
			{ type: 'phase', title: long },
			{ type: 'node-step-started', node: 'etcd2', step: long, title: long, at: T0 },
			{
				type: 'node-step-failed',
				node: `host-${long}`,
				step: long,
				error: long,
				stderrTail: [long],
				hint: long,
				at: T0,
			},
			{ type: 'log', level: 'error', node: long, message: long },
		]);
		const view = render(<ProgressPane state={state} now={T0 + 3_723_000} width={80} />);
		const lines = stripVTControlCharacters(view.lastFrame() ?? '').split('\n');
		view.unmount();
		// Every glyph drawn here (braille, ✔, ✘, │, …) is one column and one UTF-16 unit wide.
		expect(Math.max(...lines.map((line) => line.length))).toBe(80);
		expect(lines[2]).toMatch(/^etcd2 {17}⠧ x+… 62m03s$/);
	});

	it('fits the rows given: node rows, then what failed and its next step, then the last logs', () => {
		const logs = ['one', 'two', 'three'].map(
			(message): StampedEvent => ({ type: 'log', level: 'info', message }),
		);
		const state = fold(initialProgress(NODES, T0), [...RUNNING, ...FAILED, ...logs]);
		const at = (rows: number) => {
			const view = render(<ProgressPane state={state} now={T0 + 4500} width={80} rows={rows} />);
			const frame = plainRows(view.lastFrame()).split('\n');
			view.unmount();
			return frame;
		};
		const heads = [
			'== Installing etcd 3.4.23 on 3 hosts',
			'etcd1  ⠦ Installing etcd 3.4.23 into /usr/local/bin from the uploaded ta…     3s',
			'etcd2  ✘ failed: Downloading etcd                                             3s',
			'etcd3  ⠦ Creating user etcd                                                   3s',
		];
		const [gap, title, error1, error2, tail1, tail2, hint1, hint2] = FAILURE_AND_LOG;
		expect(at(4)).toEqual(heads);
		// The failure's first rows, then its next step, then the rest of the error, in their order.
		expect(at(7)).toEqual([...heads, gap, title, error1]);
		expect(at(9)).toEqual([...heads, gap, title, error1, hint1, hint2]);
		expect(at(10)).toEqual([...heads, gap, title, error1, error2, hint1, hint2]);
		// The latest stderr line before the earlier one, then the last log lines that fit.
		expect(at(11)).toEqual([...heads, gap, title, error1, error2, tail2, hint1, hint2]);
		expect(at(15)).toEqual([
			...heads,
			...[gap, title, error1, error2, tail1, tail2, hint1, hint2],
			'',
			'info two',
			'info three',
		]);
	});

	it('moves the spinner with the clock only', () => {
		const state = fold(initialProgress(['etcd1'], T0), RUNNING.slice(1, 2));
		const at = (now: number) => {
			const view = render(<ProgressPane state={state} now={now} width={80} />);
			const frame = plainRows(view.lastFrame());
			view.unmount();
			return frame;
		};
		expect(at(T0 + 1000)).toContain('etcd1  ⠹ Installing');
		expect(at(T0 + 1080)).toContain('etcd1  ⠸ Installing');
		expect(at(T0 + 1040)).toBe(at(T0 + 1119));
	});
});

describe('formatElapsed', () => {
	it('shows whole seconds, then minutes and padded seconds', () => {
		expect([0, 999, 59_999, 60_000, 3_723_000, -5].map(formatElapsed)).toEqual([
			'0s',
			'0s',
			'59s',
			'1m00s',
			'62m03s',
			'0s',
		]);
	});
});

describe('theme', () => {
	it('colours statuses and levels only when colour is on', () => {
		expect(
			['waiting', 'running', 'done', 'failed'].map((s) => statusColor(s as never, true)),
		).toEqual([undefined, 'yellow', 'green', 'red']);
		expect(statusColor('failed', false)).toBeUndefined();
		expect([logColor('info', true), logColor('warn', true), logColor('error', true)]).toEqual([
			undefined,
			'yellow',
			'red',
		]);
		expect(logColor('error', false)).toBeUndefined();
	});

	it('honours NO_COLOR (set and not empty) unless FORCE_COLOR is set', () => {
		expect(colorEnabled({})).toBe(true);
		expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
		expect(colorEnabled({ NO_COLOR: '' })).toBe(true);
		expect(colorEnabled({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(true);
	});

	it('cycles the spinner frames and marks finished nodes', () => {
		expect(SPINNER_FRAMES.map((_, index) => spinnerFrame(index * 80))).toEqual([...SPINNER_FRAMES]);
		expect(spinnerFrame(800)).toBe(SPINNER_FRAMES[0]);
		expect(statusSymbol('done', 0)).toBe('✔');
		expect(statusSymbol('failed', 0)).toBe('✘');
		expect(statusSymbol('running', 160)).toBe('⠹');
	});
});
