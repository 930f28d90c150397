import { describe, expect, it } from 'vitest';
import {
	detailsScript,
	parseDetails,
	withMemberView,
} from '../../../../source/health/diagnosis/details.js';
import { createCa } from '../../../../source/pki/index.js';
import { healthyCheck, IDS, LIST } from '../fixtures.js';

const PATHS = { confDir: '/etc/etcd', dataDir: '/var/lib/etcd' };

describe('member details', () => {
	it('asks for the unit, free space, certificates and journal in one script', () => {
		const script = detailsScript(PATHS);
		expect(script).toContain(
			'systemctl show etcd -p ActiveState -p SubState -p Result -p NRestarts',
		);
		expect(script).toContain('d=/var/lib/etcd');
		expect(script).toContain('for f in /etc/etcd/*.crt');
		expect(script).toContain('journalctl -u etcd -n 60 --no-pager -o short-unix');
	});

	it('parses the script output, every certificate of a bundle, and the clock offset', async () => {
		const ca = await createCa('lab', { now: new Date('2026-01-01T00:00:00Z'), validityDays: 100 });
		const output = [
			'@@unit',
			'ActiveState=failed',
			'SubState=failed',
			'Result=exit-code',
			'NRestarts=5',
			'@@df',
			'/dev/sda1 1000000 400000 600000 40% /',
			'@@cert /etc/etcd/ca.crt',
			ca.certPem.trim(),
			ca.certPem.trim(),
			'@@journal',
			'1795305375.609366 etcd1 etcd[312]: {"level":"warn","msg":"failed to get version","error":"dial tcp 10.0.0.3:2380: i/o timeout"}',
			"1795305376.000000 etcd1 systemd[1]: etcd.service: Failed with result 'exit-code'.",
			'',
		].join('\n');
		const clock = {
			hostNs: 1_000_000_002_500_000_000n,
			localBeforeMs: 1_000_000_000_000,
			localAfterMs: 1_000_000_000_010,
		};
		const details = parseDetails('etcd1', PATHS, output, clock);
		expect(details).toMatchObject({
			name: 'etcd1',
			error: null,
			unit: { activeState: 'failed', subState: 'failed', result: 'exit-code', restarts: 5 },
			dataDir: '/var/lib/etcd',
			dataFreeKiB: 600000,
			clockOffsetMs: 2495,
			clockUncertaintyMs: 5,
		});
		expect(details.certificates).toHaveLength(2);
		expect(details.certificates[0]).toMatchObject({
			file: '/etc/etcd/ca.crt',
			notAfter: '2026-04-11T00:00:00.000Z',
		});
		expect(details.journal).toEqual([
			{
				at: 1795305375609,
				level: 'warn',
				text: 'failed to get version (error=dial tcp 10.0.0.3:2380: i/o timeout)',
			},
			{ at: 1795305376000, level: 'error', text: "etcd.service: Failed with result 'exit-code'." },
		]);
	});

	it('leaves what the host did not say empty, and adds the member view of the health check', () => {
		const details = parseDetails('etcd2', PATHS, '', null);
		expect(details).toMatchObject({
			unit: null,
			dataFreeKiB: null,
			clockOffsetMs: null,
			journal: [],
		});
		const seen = withMemberView(details, healthyCheck(1));
		expect(seen.memberList).toEqual(LIST);
		expect(seen.leaderId).toBe(IDS[1]);
	});
});
