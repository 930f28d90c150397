import { describe, expect, it } from 'vitest';
import {
	combineReporters,
	createJsonReporter,
	createPlainReporter,
	printableLine,
	printableLines,
	stampEvents,
} from '../../../source/events/index.js';
import type { StampedEvent } from '../../../source/events/progress-state.js';
import type { RunEvent } from '../../../source/events/run-event.js';

/** A scripted run: a phase, one node that succeeds, one that fails, a warning. */
const SCRIPT: readonly StampedEvent[] = [
	{ type: 'phase', title: 'Installing etcd', at: Date.UTC(2025, 0, 2, 3, 4, 5, 0) },
	{
		type: 'node-step-started',
		node: 'etcd2',
		step: 'install-etcd',
		title: 'Installing etcd 3.4.23',
		at: Date.UTC(2025, 0, 2, 3, 4, 5, 10),
	},
	{
		type: 'node-step-done',
		node: 'etcd2',
		step: 'install-etcd',
		changed: true,
		at: Date.UTC(2025, 0, 2, 3, 4, 6, 0),
	},
	{
		type: 'node-step-done',
		node: 'etcd10',
		step: 'write-config',
		changed: false,
		detail: 'already up to date',
		at: Date.UTC(2025, 0, 2, 3, 4, 6, 500),
	},
	{
		type: 'node-step-failed',
		node: 'etcd2',
		step: 'download',
		error: 'sha256 mismatch for etcd-v3.4.23-linux-amd64.tar.gz',
		stderrTail: ['curl: (18) transfer closed', 'exit 18'],
		hint: 'check etcd.checksumUrl in cluster.yaml',
		at: Date.UTC(2025, 0, 2, 3, 4, 7, 0),
	},
	{
		type: 'log',
		level: 'warn',
		node: 'etcd1',
		message: 'clock is 2s ahead',
		at: Date.UTC(2025, 0, 2, 3, 4, 8, 0),
	},
	{
		type: 'log',
		level: 'info',
		message: 'all hosts reached',
		at: Date.UTC(2025, 0, 2, 3, 4, 9, 0),
	},
];

function collect(): { lines: string[]; write: (line: string) => void } {
	const lines: string[] = [];
	return { lines, write: (line) => lines.push(line) };
}

describe('createPlainReporter', () => {
	it('prints one aligned line per event, a failure with its tail and next step', () => {
		const { lines, write } = collect();
		const emit = createPlainReporter(write, { nodes: ['etcd1', 'etcd2', 'etcd10'] });
		for (const event of SCRIPT) emit(event);
		expect(lines).toEqual([
			'== Installing etcd',
			'etcd2   install-etcd  started  Installing etcd 3.4.23',
			'etcd2   install-etcd  done (changed)',
			'etcd10  write-config  done (unchanged)  already up to date',
			'etcd2   download  FAILED: sha256 mismatch for etcd-v3.4.23-linux-amd64.tar.gz',
			'    curl: (18) transfer closed',
			'    exit 18',
			'  next: check etcd.checksumUrl in cluster.yaml',
			'warn etcd1: clock is 2s ahead',
			'info all hosts reached',
		]);
	});

	it('widens the name column as longer names appear when not told the nodes', () => {
		const { lines, write } = collect();
		const emit = createPlainReporter(write);
		for (const event of SCRIPT.slice(1, 4)) emit(event);
		expect(lines).toEqual([
			'etcd2  install-etcd  started  Installing etcd 3.4.23',
			'etcd2  install-etcd  done (changed)',
			'etcd10  write-config  done (unchanged)  already up to date',
		]);
	});

	it('keeps each event on its own lines and strips terminal escapes from host text', () => {
		const { lines, write } = collect();
		const emit = createPlainReporter(write);
		emit({
			type: 'node-step-failed',
			node: 'etcd1',
			step: 'start',
			error: 'etcd did not start\nsee journalctl -u etcd',
			stderrTail: ['\u001b[31mfatal\u001b[0m: bind\taddress', '', '10%\r100%', 'bell\u0007'],
		});
		emit({ type: 'node-step-started', node: 'etcd1', step: 'x', title: 'Two\nlines' });
		emit({ type: 'log', level: 'error', message: 'first\nsecond' });
		expect(lines).toEqual([
			'etcd1  start  FAILED: etcd did not start',
			'    see journalctl -u etcd',
			'    fatal: bind  address',
			'    100%',
			'    bell',
			'etcd1  x  started  Two lines',
			'error first',
			'    second',
		]);
	});
});

describe('createJsonReporter', () => {
	it('prints one JSON object per event with an ISO time first', () => {
		const { lines, write } = collect();
		const emit = createJsonReporter(write);
		for (const event of SCRIPT.slice(0, 5)) emit(event);
		expect(lines).toEqual([
			'{"at":"2025-01-02T03:04:05.000Z","type":"phase","title":"Installing etcd"}',
			'{"at":"2025-01-02T03:04:05.010Z","type":"node-step-started","node":"etcd2","step":"install-etcd","title":"Installing etcd 3.4.23"}',
			'{"at":"2025-01-02T03:04:06.000Z","type":"node-step-done","node":"etcd2","step":"install-etcd","changed":true}',
			'{"at":"2025-01-02T03:04:06.500Z","type":"node-step-done","node":"etcd10","step":"write-config","changed":false,"detail":"already up to date"}',
			'{"at":"2025-01-02T03:04:07.000Z","type":"node-step-failed","node":"etcd2","step":"download","error":"sha256 mismatch for etcd-v3.4.23-linux-amd64.tar.gz","stderrTail":["curl: (18) transfer closed","exit 18"],"hint":"check etcd.checksumUrl in cluster.yaml"}',
		]);
		for (const line of lines) expect(line).not.toContain('\n');
	});

	it('takes the time from its clock for an unstamped event', () => {
		const { lines, write } = collect();
		createJsonReporter(write, () => 0)({ type: 'log', level: 'info', message: 'a\nb' });
		expect(lines).toEqual([
			'{"at":"1970-01-01T00:00:00.000Z","type":"log","level":"info","message":"a\\nb"}',
		]);
	});
});

describe('combineReporters and stampEvents', () => {
	const event: RunEvent = { type: 'phase', title: 'Check' };

	it('stamps events with the clock and keeps a stamp already there', () => {
		const seen: StampedEvent[] = [];
		const emit = stampEvents(
			(stamped) => seen.push(stamped),
			() => 42,
		);
		emit(event);
		const stamped: StampedEvent = { ...event, at: 7 };
		emit(stamped);
		expect(seen).toEqual([
			{ type: 'phase', title: 'Check', at: 42 },
			{ type: 'phase', title: 'Check', at: 7 },
		]);
	});

	it('gives every reporter the event even when one throws, then rethrows the first error', () => {
		const calls: string[] = [];
		const emit = combineReporters(
			() => calls.push('a'),
			() => {
				throw new Error('stdout closed');
			},
			() => {
				throw new Error('second');
			},
			() => calls.push('d'),
		);
		expect(() => emit(event)).toThrow('stdout closed');
		expect(calls).toEqual(['a', 'd']);
	});

	it('feeds the plain and JSON renderers the same stamped event', () => {
		const plain = collect();
		const json = collect();
		const emit = stampEvents(
			combineReporters(createPlainReporter(plain.write), createJsonReporter(json.write)),
			() => Date.UTC(2025, 5, 1),
		);
		emit(event);
		expect(plain.lines).toEqual(['== Check']);
		expect(json.lines).toEqual([
			'{"at":"2025-06-01T00:00:00.000Z","type":"phase","title":"Check"}',
		]);
	});
});

describe('printableLines', () => {
	it('splits lines, drops escapes and controls, expands tabs and keeps the last redraw', () => {
		expect(printableLines('a\r\nb\tc\n\u001b[1mbold\u001b[0m\n50%\r99%\r\u0000')).toEqual([
			'a',
			'b  c',
			'bold',
			'99%',
		]);
		expect(printableLine('one\n\ntwo\n')).toBe('one two');
	});
});
