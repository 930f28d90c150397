import { describe, expect, it } from 'vitest';
import {
	diagnose,
	formatDiagnosis,
	parseJournal,
	quotaBytes,
} from '../../../../source/health/diagnosis/index.js';
import { healthyCheck, unreachableCheck } from '../fixtures.js';
import { details, IDS, input, LIST, NOW, zapLine } from './fixtures.js';

const stopped = { activeState: 'inactive', subState: 'dead', result: 'success', restarts: 0 };

describe('diagnose', () => {
	it('finds nothing wrong in a healthy cluster', () => {
		expect(diagnose(input())).toEqual([]);
		expect(formatDiagnosis([])).toBe('diagnosis: nothing wrong found');
	});

	it('names a stopped member with its unit state and the journal lines that say why', () => {
		const journal = parseJournal(
			[
				zapLine(30, 'info', 'raft applied'),
				zapLine(20, 'warn', 'failed to publish local member', {
					error: 'etcdserver: request timed out',
				}),
				`${((NOW - 10_000) / 1000).toFixed(6)} etcd1 systemd[1]: Stopped etcd.service - etcd.`,
			].join('\n'),
		);
		const findings = diagnose(
			input(
				[healthyCheck(0), healthyCheck(1), unreachableCheck(2)],
				[details(0), details(1), details(2, { unit: stopped, journal })],
			),
		);
		expect(findings).toHaveLength(1);
		const [down] = findings;
		expect(down).toMatchObject({ severity: 'error', host: 'etcd3' });
		expect(down?.summary).toBe('etcd3: etcd is not running (unit etcd.service inactive/dead)');
		expect(down?.evidence).toEqual([
			'journal: failed to publish local member (error=etcdserver: request timed out)',
		]);
		expect(down?.next).toContain('sudo systemctl start etcd');
	});

	it('says a failing unit restarts and points at the journal', () => {
		const unit = {
			activeState: 'activating',
			subState: 'auto-restart',
			result: 'exit-code',
			restarts: 4,
		};
		const [down] = diagnose(input(undefined, [details(0, { unit }), details(1), details(2)]));
		expect(down?.summary).toBe(
			'etcd1: etcd is not running (unit etcd.service activating/auto-restart, last result exit-code, restarted 4 times)',
		);
		expect(down?.next).toContain('journalctl -u etcd');
	});

	it('says plainly that quorum is lost, how many are needed and who is down', () => {
		const checks = [healthyCheck(0), unreachableCheck(1), unreachableCheck(2)];
		const all = [details(0), details(1, { unit: stopped }), details(2, { unit: stopped })];
		const findings = diagnose(input(checks, all));
		expect(findings[0]?.summary).toBe(
			'no quorum: 1 of 3 members are healthy and etcd needs 2; the cluster accepts no writes until 1 more is back',
		);
		expect(findings[0]?.evidence).toEqual(['not healthy: etcd2, etcd3']);
		expect(findings.slice(1).map((f) => f.host)).toEqual(['etcd2', 'etcd3']);
	});

	it('names the member and peer port others cannot reach, from their recent journal lines', () => {
		const timeout = (ago: number, from: string) =>
			parseJournal(
				zapLine(ago, 'warn', 'prober detected unhealthy status', {
					'remote-peer-id': IDS[2],
					error: 'dial tcp 10.88.0.13:2380: i/o timeout',
				}).replace('etcd1', from),
			);
		const findings = diagnose(
			input(undefined, [
				details(0, { journal: timeout(5, 'etcd1') }),
				details(1, { journal: timeout(200, 'etcd2') }),
				details(2),
			]),
		);
		expect(findings).toHaveLength(1);
		expect(findings[0]?.summary).toBe(
			'etcd3: etcd1 cannot reach it at 10.88.0.13:2380 (peer port 2380)',
		);
		expect(findings[0]?.next).toContain('open TCP 2380 on etcd3');
	});

	it('forgets a peer failure once the peer became active again, and leaves down peers to member-down', () => {
		const journal = parseJournal(
			[
				zapLine(20, 'warn', 'lost TCP streaming connection with remote peer', {
					'remote-peer-id': IDS[2],
					error: 'read tcp 10.88.0.11:33088->10.88.0.13:2380: i/o timeout',
				}),
				zapLine(10, 'info', 'peer became active', { 'peer-id': IDS[2] }),
				zapLine(5, 'warn', 'failed to dial', {
					'remote-peer-id': IDS[1],
					error: 'dial tcp 10.88.0.12:2380: connect: connection refused',
				}),
			].join('\n'),
		);
		const findings = diagnose(
			input(undefined, [details(0, { journal }), details(1, { unit: stopped }), details(2)]),
		);
		expect(findings.map((f) => f.summary)).toEqual([
			'etcd2: etcd is not running (unit etcd.service inactive/dead)',
		]);
	});

	it('ignores addresses of no member and the shutdown noise of a stopped member', () => {
		const refused = (ip: string) =>
			parseJournal(
				zapLine(3, 'warn', 'grpc dial failed', {
					error: `dial tcp ${ip}:2379: connect: connection refused`,
				}),
			);
		const findings = diagnose(
			input(undefined, [
				details(0, { journal: refused('127.0.0.1') }),
				details(1),
				details(2, { unit: stopped, journal: refused('10.88.0.11') }),
			]),
		);
		expect(findings.map((f) => f.host)).toEqual(['etcd3']);
	});

	it('reports a certificate that does not name the address, from the health row and from the journal', () => {
		const error =
			'certificate of etcd1 does not cover 10.88.0.11 (SANs: IP Address:127.0.0.1); re-issue';
		const journal = parseJournal(
			zapLine(3, 'warn', 'rejected connection', {
				error:
					'remote error: tls: bad certificate, x509: certificate is valid for 127.0.0.1, 10.88.0.99, not 10.88.0.12',
			}),
		);
		const findings = diagnose(
			input(
				[healthyCheck(0, { healthy: false, error }), healthyCheck(1), healthyCheck(2)],
				[details(0), details(1, { journal }), details(2)],
			),
		);
		expect(findings.map((f) => f.summary)).toEqual([
			`etcd1: certificate trouble: ${error}`,
			'etcd2: TLS with a peer fails: a certificate does not name 10.88.0.12 (it names 127.0.0.1, 10.88.0.99)',
		]);
	});

	it('warns about a certificate expiring within 30 days and errs on an expired one', () => {
		const soon = {
			file: '/etc/etcd/peer.crt',
			commonName: 'etcd1',
			notAfter: '2026-12-01T12:00:00.000Z',
			ips: [],
		};
		const gone = {
			file: '/etc/etcd/server.crt',
			commonName: 'etcd1',
			notAfter: '2026-11-01T12:00:00.000Z',
			ips: [],
		};
		const findings = diagnose(
			input(undefined, [details(0, { certificates: [soon, gone] }), details(1), details(2)]),
		);
		expect(findings.map((f) => [f.severity, f.summary])).toEqual([
			['warning', 'etcd1: /etc/etcd/peer.crt (etcd1) expires in 10 days (2026-12-01)'],
			['error', 'etcd1: /etc/etcd/server.crt (etcd1) expired on 2026-11-01'],
		]);
	});

	it('reports members that disagree about membership and about the leader', () => {
		const short = LIST.slice(0, 2);
		const findings = diagnose(
			input(undefined, [
				details(0),
				details(1),
				details(2, { memberList: short, leaderId: IDS[2] }),
			]),
		);
		expect(findings.map((f) => f.summary)).toEqual([
			'members disagree about who is in the cluster (2 different member lists)',
			'members do not agree on the leader: some cannot hear the others',
		]);
		expect(findings[0]?.evidence).toContain('etcd3 sees: etcd1, etcd2');
		expect(findings[1]?.evidence).toEqual([
			'etcd1 follows etcd2',
			'etcd2 follows etcd2',
			'etcd3 follows etcd3',
		]);
	});

	it('warns about clock skew beyond a second, and not within its uncertainty', () => {
		const findings = diagnose(
			input(undefined, [
				details(0, { clockOffsetMs: -2500, clockUncertaintyMs: 5 }),
				details(1, { clockOffsetMs: 1100, clockUncertaintyMs: 200 }),
				details(2),
			]),
		);
		expect(findings.map((f) => f.summary)).toEqual([
			"etcd1: its clock is 2.5 s behind this machine's",
		]);
	});

	it('reports NOSPACE and CORRUPT alarms and a database near its quota', () => {
		const quota = quotaBytes({ 'quota-backend-bytes': 100 * 1048576 });
		expect(quota).toBe(104857600);
		expect(quotaBytes({})).toBe(2 * 1024 ** 3);
		const findings = diagnose(
			input(
				[
					healthyCheck(0, { alarms: ['NOSPACE'], healthy: false, error: 'alarm' }),
					healthyCheck(1, { alarms: ['CORRUPT'], healthy: false, error: 'alarm' }),
					healthyCheck(2, { dbSize: 90 * 1048576 }),
				],
				undefined,
				{ quotaBytes: quota, etcdctlEnv: '/etc/etcd/etcdctl.env' },
			),
		);
		// Two of three members alarmed: quorum is gone as well.
		expect(findings.map((f) => f.summary)).toEqual([
			expect.stringMatching(/^no quorum: 1 of 3/),
			'etcd1: alarm NOSPACE is raised: the database hit its quota and etcd refuses writes',
			'etcd2: alarm CORRUPT is raised: its data differs from the other members',
			'etcd3: the database is at 90% of its quota (90 MiB of 100 MiB); at 100% etcd raises NOSPACE and refuses writes',
		]);
		expect(findings[1]?.next).toContain('etcdctl alarm disarm');
		// etcd takes only TLS with a client certificate: the advice says where etcdctl gets one.
		expect(findings[2]?.next).toContain(
			'on etcd2 as root, after `set -a; . /etc/etcd/etcdctl.env; set +a`: etcdctl alarm disarm',
		);
	});

	it('keeps an unexplained unhealthy member with the health check words, and SSH trouble', () => {
		const error = 'etcd2 is unhealthy: /health says false';
		const findings = diagnose(
			input(
				[healthyCheck(0), healthyCheck(1, { healthy: false, error }), healthyCheck(2)],
				[details(0), details(1), details(2, { error: 'connection lost', unit: null })],
			),
		);
		expect(findings.map((f) => f.summary)).toEqual([
			'etcd3: could not look at the host over SSH (connection lost)',
			error,
		]);
	});

	it('formats findings with evidence and next step', () => {
		expect(
			formatDiagnosis([
				{
					severity: 'warning',
					host: 'etcd1',
					summary: 'etcd1: x',
					evidence: ['journal: y'],
					next: 'do z',
				},
			]),
		).toBe('diagnosis:\nWARN  etcd1: x\n      journal: y\n      next: do z');
	});
});
