import { describe, expect, it } from 'vitest';
import { memberDetails, withMemberView } from '../../../../source/health/diagnosis/details.js';
import { createCa } from '../../../../source/pki/index.js';
import { parseMemberDetails } from '../../../../source/shell/member-details-script.js';
import { healthyCheck, IDS, LIST } from '../fixtures.js';

const PATHS = { confDir: '/etc/etcd', dataDir: '/var/lib/etcd' };

describe('member details', () => {
	it('reads every certificate of a bundle, the journal lines and the clock offset', async () => {
		const ca = await createCa('lab', { now: new Date('2026-01-01T00:00:00Z'), validityDays: 100 });
		const output = {
			unit: { activeState: 'failed', subState: 'failed', result: 'exit-code', restarts: 5 },
			dataFreeKiB: 600000,
			certificates: [
				{ file: '/etc/etcd/ca.crt', pem: ca.certPem.trim() },
				{ file: '/etc/etcd/ca.crt', pem: ca.certPem.trim() },
				{ file: '/etc/etcd/bad.crt', pem: 'not a certificate' },
			],
			journal: [
				'1795305375.609366 etcd1 etcd[312]: {"level":"warn","msg":"failed to get version","error":"dial tcp 10.0.0.3:2380: i/o timeout"}',
				"1795305376.000000 etcd1 systemd[1]: etcd.service: Failed with result 'exit-code'.",
				'',
			].join('\n'),
		};
		const clock = {
			hostNs: 1_000_000_002_500_000_000n,
			localBeforeMs: 1_000_000_000_000,
			localAfterMs: 1_000_000_000_010,
		};
		const details = memberDetails('etcd1', PATHS, output, clock);
		expect(details).toMatchObject({
			name: 'etcd1',
			error: null,
			unit: output.unit,
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
		const details = memberDetails('etcd2', PATHS, parseMemberDetails(''), null);
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
