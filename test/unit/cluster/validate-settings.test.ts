import { describe, expect, it } from 'vitest';
import { etcdProblems, settingsProblems } from './helpers.js';

describe('etcd.settings timing', () => {
	it('wants election-timeout >= 5 x heartbeat-interval', () => {
		expect(settingsProblems('election-timeout: 400')).toEqual([
			'cluster.yaml:12:23 etcd.settings.election-timeout: 400 must be at least 5 x heartbeat-interval (100)',
		]);
	});

	it('accepts exactly 5 x heartbeat-interval', () => {
		expect(settingsProblems('heartbeat-interval: 200', 'election-timeout: 1000')).toEqual([]);
	});

	it('caps election-timeout at 50000', () => {
		expect(settingsProblems('election-timeout: 50001')).toEqual([
			"cluster.yaml:12:23 etcd.settings.election-timeout: 50001 must be at most 50000 (etcd's limit)",
		]);
	});

	it('wants positive whole numbers', () => {
		expect(settingsProblems('heartbeat-interval: 0', 'election-timeout: "1000"')).toEqual([
			'cluster.yaml:12:25 etcd.settings.heartbeat-interval: 0 must be a positive whole number (milliseconds)',
			'cluster.yaml:13:23 etcd.settings.election-timeout: "1000" must be a positive whole number (milliseconds)',
		]);
	});

	it('wants a positive snapshot-count', () => {
		expect(settingsProblems('snapshot-count: 1.5')).toEqual([
			'cluster.yaml:12:21 etcd.settings.snapshot-count: 1.5 must be a positive whole number (applied entries)',
		]);
	});
});

describe('etcd.settings storage', () => {
	it('warns above 8 GiB of quota', () => {
		expect(settingsProblems('quota-backend-bytes: 8589934592')).toEqual([]);
		expect(settingsProblems('quota-backend-bytes: 8589934593')).toEqual([
			"cluster.yaml:12:26 warning: etcd.settings.quota-backend-bytes: 8589934593 is above 8 GiB (8589934592), the most etcd's docs suggest; a larger database slows recovery and defragmentation",
		]);
	});

	it('rejects a negative quota', () => {
		expect(settingsProblems('quota-backend-bytes: -1')).toEqual([
			'cluster.yaml:12:26 etcd.settings.quota-backend-bytes: -1 must be a positive whole number (bytes)',
		]);
	});

	it('knows the auto-compaction modes', () => {
		expect(settingsProblems('auto-compaction-mode: revision')).toEqual([]);
		expect(settingsProblems('auto-compaction-mode: hourly')).toEqual([
			'cluster.yaml:12:27 etcd.settings.auto-compaction-mode: "hourly" must be "periodic" or "revision"',
		]);
	});
});

describe('etcd.settings keys', () => {
	it.each([
		['data-dir', 'etcd.dataDir'],
		['initial-cluster', 'hosts and etcd.peerPort'],
		['peer-cert-file', 'the certificates in pki.dir, uploaded to etcd.confDir'],
		['client-cert-auth', 'the TLS setup (client certificates are always required)'],
		['listen-client-urls', 'the address of etcd.interface on each host and etcd.clientPort'],
	])('rejects %s, which the wizard sets', (key, source) => {
		expect(settingsProblems(`${key}: x`)).toEqual([
			`cluster.yaml:12:5 etcd.settings.${key}: is set by etcd-wizard from ${source}; remove it`,
		]);
	});

	it('rejects leading dashes', () => {
		expect(settingsProblems('--log-level: warn')).toEqual([
			'cluster.yaml:12:5 etcd.settings.--log-level: write etcd flag names without leading dashes, e.g. "log-level"',
		]);
	});

	it('warns about underscores', () => {
		expect(settingsProblems('max_txn_ops: 256')).toEqual([
			`cluster.yaml:12:5 warning: etcd.settings.max_txn_ops: etcd flag names use '-', not '_'; did you mean "max-txn-ops"?`,
		]);
	});

	it('rejects enable-v2 from 3.6 on', () => {
		expect(settingsProblems('enable-v2: true')).toEqual([
			'cluster.yaml:12:5 etcd.settings.enable-v2: was removed in etcd 3.6 (etcd.version is 3.6.14); remove it',
		]);
		expect(etcdProblems('  version: 3.5.21', '  settings:', '    enable-v2: true')).toEqual([]);
	});

	it('warns about experimental flags from 3.7 on', () => {
		const flag = '    experimental-compact-hash-check-enabled: true';
		expect(etcdProblems('  version: 3.6.14', '  settings:', flag)).toEqual([]);
		expect(etcdProblems('  version: 3.7.0', '  settings:', flag)).toEqual([
			`cluster.yaml:13:5 warning: etcd.settings.experimental-compact-hash-check-enabled: etcd 3.7 moved the experimental-* flags to feature gates (feature-gates: "Name=true") or to names without the prefix; see etcd's upgrade notes for 3.7.0`,
		]);
	});

	it('skips version checks when the version is malformed', () => {
		expect(etcdProblems('  version: v3.6', '  settings:', '    enable-v2: true')).toEqual([
			'cluster.yaml:11:12 etcd.version: "v3.6" is not a release number; write X.Y.Z such as "3.6.14" (a leading "v" and pre-releases are not supported)',
		]);
	});
});
