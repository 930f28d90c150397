import { describe, expect, it } from 'vitest';
import { wrap } from '../../../source/preflight/format.js';
import {
	checkReportJson,
	formatCheckTable,
	formatCheckText,
	sshFailureReport,
} from '../../../source/preflight/index.js';
import { SshError } from '../../../source/ssh/index.js';
import { blocked, evaluate, spec } from './fixtures.js';

const blockedReport = () => evaluate({ measured: { etcd1: blocked('timeout') } });

describe('formatCheckText', () => {
	it('prints a line per check, the fix under a failure, and the summary last', () => {
		const lines = formatCheckText(blockedReport()).split('\n');
		const at = lines.findIndex((l) => l.startsWith('FAIL'));
		expect(lines[at]).toMatch(
			/^FAIL {2}etcd1 -> etcd3 {2}reachability +etcd1 cannot reach etcd3 at 10\.88\.0\.13:2380/,
		);
		expect(lines[at + 1]).toMatch(/^ {6}fix: check the firewalls between etcd1 and etcd3/);
		expect(lines.at(-1)).toMatch(/^check homelab: 1 failed, \d+ passed; apply would be refused$/);
		expect(lines.filter((l) => l.startsWith('PASS')).length).toBeGreaterThan(30);
	});
});

describe('formatCheckTable', () => {
	it('never runs past the terminal width, wrapping the detail and the fix', () => {
		const table = formatCheckTable(blockedReport(), 100, false);
		const lines = table.split('\n');
		for (const line of lines.slice(0, -1)) expect(line.length).toBeLessThanOrEqual(100);
		expect(lines[1]).toMatch(/^\| RESULT \| HOST +\| CHECK +\| DETAIL +\|$/);
		expect(table).toMatch(
			/\| FAIL {3}\| etcd1 -> etcd3 \| reachability +\| etcd1 cannot reach etcd3/,
		);
		expect(table).toMatch(/\| +\| +\| +\| fix: check the firewalls/);
	});

	it('colours verdicts only when asked', () => {
		expect(formatCheckTable(blockedReport(), 120, true)).toContain('\u001b[31mFAIL  \u001b[39m');
		expect(formatCheckTable(blockedReport(), 120, false)).not.toContain('\u001b[');
	});
});

describe('wrap', () => {
	it('breaks at spaces and cuts a word longer than the line', () => {
		expect(wrap('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
		expect(wrap('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
		expect(wrap('', 3)).toEqual(['']);
	});
});

describe('checkReportJson', () => {
	it("is one object: counts, every check, and the advice in etcd's flag names", () => {
		const json = checkReportJson(blockedReport());
		expect(json.cluster).toMatchObject({ name: 'homelab', ok: false, failed: 1, warnings: 0 });
		expect(json.checks).toContainEqual(
			expect.objectContaining({
				check: 'reach',
				host: 'etcd3',
				from: 'etcd1',
				port: 2380,
				verdict: 'fail',
			}),
		);
		expect(json.tuning).toEqual({
			rttMs: 0.05,
			between: ['etcd1', 'etcd2'],
			recommended: { 'heartbeat-interval': 100, 'election-timeout': 1000 },
			current: { 'heartbeat-interval': 100, 'election-timeout': 1000 },
		});
	});
});

describe('sshFailureReport', () => {
	it('fails each host that did not answer, with the SSH hint', () => {
		const report = sshFailureReport(
			spec(),
			new Map([
				[
					'etcd2',
					new SshError('etcd2', 'etcd2 (10.77.0.12:22) refused the connection', 'start sshd'),
				],
			]),
		);
		expect(report.ok).toBe(false);
		expect(report.checks.map((c) => `${c.verdict} ${c.host}`)).toEqual([
			'pass etcd1',
			'fail etcd2',
			'pass etcd3',
		]);
		expect(report.checks[1]?.fix).toBe('start sshd; the other checks run once every host answers');
	});
});
