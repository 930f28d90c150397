import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
	memberDetailsScript,
	parseMemberDetails,
} from '../../../source/shell/member-details-script.js';

const PATHS = { confDir: '/etc/etcd', dataDir: '/var/lib/etcd' };

const PEM = ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----END CERTIFICATE-----'].join('\n');

describe('memberDetailsScript', () => {
	it('asks for the unit, free space, certificates and journal in one script', () => {
		const script = memberDetailsScript(PATHS);
		expect(script).toContain(
			'systemctl show etcd -p ActiveState -p SubState -p Result -p NRestarts',
		);
		expect(script).toContain('d=/var/lib/etcd');
		expect(script).toContain('for f in /etc/etcd/*.crt');
		expect(script).toContain('journalctl -u etcd -n 60 --no-pager -o short-unix');
	});

	const made: string[] = [];
	afterEach(() => {
		for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
	});

	it('runs in sh: free space under the nearest existing parent, every certificate file', () => {
		const root = mkdtempSync(join(tmpdir(), "details '"));
		made.push(root);
		const confDir = join(root, 'etc etcd');
		mkdirSync(confDir);
		writeFileSync(join(confDir, 'ca.crt'), `${PEM}\n${PEM}\n`);
		writeFileSync(join(confDir, 'server.crt'), `${PEM}\n`);
		writeFileSync(join(confDir, 'server.key'), 'not a certificate\n');
		const script = memberDetailsScript({ confDir, dataDir: join(root, 'no/such/dir') });
		const parsed = parseMemberDetails(execFileSync('sh', ['-s'], { input: script }).toString());
		expect(parsed.dataFreeKiB).toBeGreaterThan(0);
		expect(parsed.certificates).toEqual([
			{ file: join(confDir, 'ca.crt'), pem: PEM },
			{ file: join(confDir, 'ca.crt'), pem: PEM },
			{ file: join(confDir, 'server.crt'), pem: PEM },
		]);
	});
});

describe('parseMemberDetails', () => {
	it('reads the unit, the free space, each certificate of a bundle and the journal', () => {
		const journal = [
			'1795305375.609366 etcd1 etcd[312]: {"level":"warn","msg":"failed to get version"}',
			"1795305376.000000 etcd1 systemd[1]: etcd.service: Failed with result 'exit-code'.",
		];
		const output = [
			'@@unit',
			'ActiveState=failed',
			'SubState=failed',
			'Result=exit-code',
			'NRestarts=5',
			'@@df',
			'/dev/sda1 1000000 400000 600000 40% /',
			'@@cert /etc/etcd/ca.crt',
			PEM,
			PEM,
			'@@journal',
			...journal,
			'',
		].join('\n');
		expect(parseMemberDetails(output)).toEqual({
			unit: { activeState: 'failed', subState: 'failed', result: 'exit-code', restarts: 5 },
			dataFreeKiB: 600000,
			certificates: [
				{ file: '/etc/etcd/ca.crt', pem: PEM },
				{ file: '/etc/etcd/ca.crt', pem: PEM },
			],
			journal: `${journal.join('\n')}\n\n`,
		});
	});

	it('leaves what the host did not say empty', () => {
		expect(parseMemberDetails('')).toEqual({
			unit: null,
			dataFreeKiB: null,
			certificates: [],
			journal: '',
		});
		expect(parseMemberDetails('@@unit\n@@df\ndf: /x: No such file\n')).toMatchObject({
			unit: null,
			dataFreeKiB: null,
		});
	});
});
