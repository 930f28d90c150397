import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	applyDefaults,
	formatDiagnostic,
	parseClusterFile,
	serializeClusterFile,
} from '../../../source/cluster/index.js';
import type { EtcdSpec } from '../../../source/cluster/types.js';
import { planCluster } from '../../../source/plan/plan.js';
import { stepLabel } from '../../../source/run/execute-step.js';
import { installEtcd, type ReleaseSource } from '../../../source/run/install-etcd.js';
import type { HostFacts } from '../../../source/shell/facts.js';
import type { HostConnection } from '../../../source/ssh/index.js';

const spec = applyDefaults({
	name: 'lab',
	hosts: [{ name: 'etcd1', address: '10.0.0.11' }],
	ssh: { agent: true },
});
const MADE = '/var/tmp/etcd-wizard-install.Ab3dE6gH';
const TARBALL = `etcd-v${spec.etcd.version}-linux-amd64.tar.gz`;
const PIN = 'b'.repeat(64);
const LISTED = 'a'.repeat(64);

const download: ReleaseSource = {
	kind: 'download',
	url: 'http://mirror.lan/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
	checksumUrl: 'http://mirror.lan/v{version}/SHA256SUMS',
};

/** A host whose SHA256SUMS is `sums`; records every command and upload. */
function host(sums: string) {
	const calls: string[] = [];
	const connection = {
		host: 'etcd1',
		exec: async (command: string) => {
			calls.push(command);
			if (command.startsWith('mktemp ')) return { code: 0, stdout: `${MADE}\n`, stderr: '' };
			return { code: 0, stdout: command.includes('curl') ? sums : '', stderr: '' };
		},
		upload: async (path: string) => {
			calls.push(`upload ${path}`);
		},
	} as unknown as HostConnection;
	return { connection, calls };
}

const pinned = (sha256: string): EtcdSpec => ({ ...spec.etcd, sha256 });
const installed = (calls: readonly string[]) => calls.find((c) => c.includes('sha256sum'));

describe('etcd.sha256: the tarball digest pinned in the cluster file', () => {
	it('is what the host checks a download against', async () => {
		const { connection, calls } = host(`${PIN}  ${TARBALL}\n`);
		await installEtcd(connection, pinned(PIN.toUpperCase()), 'amd64', download);
		expect(installed(calls)).toContain(`[ "$actual" = ${PIN} ]`);
	});

	it('is enough alone: SHA256SUMS need not list the file', async () => {
		const { connection, calls } = host('');
		await installEtcd(connection, pinned(PIN), 'amd64', download);
		expect(installed(calls)).toContain(`[ "$actual" = ${PIN} ]`);
	});

	it('refuses a SHA256SUMS that lists another digest, naming both, before installing', async () => {
		const { connection, calls } = host(`${LISTED}  ${TARBALL}\n`);
		await expect(installEtcd(connection, pinned(PIN), 'amd64', download)).rejects.toThrow(
			`etcd.sha256 is ${PIN}, but http://mirror.lan/v${spec.etcd.version}/SHA256SUMS lists ${LISTED} for ${TARBALL} on etcd1`,
		);
		expect(installed(calls)).toBeUndefined();
		expect(calls.at(-1)).toBe(`rm -rf ${MADE}`);
	});

	it('refuses a local tarball of another digest before uploading it', async () => {
		const tarball = Buffer.from('release');
		const sha256 = createHash('sha256').update(tarball).digest('hex');
		const upload: ReleaseSource = { kind: 'upload', tarball, sha256, name: 'etcd.tar.gz' };
		const { connection, calls } = host('');
		await expect(installEtcd(connection, pinned(PIN), 'amd64', upload)).rejects.toThrow(
			`etcd.tarball etcd.tar.gz has sha256 ${sha256}, not ${PIN} as etcd.sha256 says`,
		);
		expect(calls.some((c) => c.startsWith('upload '))).toBe(false);
		const ok = host('');
		await installEtcd(ok.connection, pinned(sha256), 'amd64', upload);
		expect(installed(ok.calls)).toContain(`[ "$actual" = ${sha256} ]`);
	});

	it('is read from the cluster file, checked as 64 hex digits, and written back', () => {
		const file = (sha256: string) =>
			[
				'apiVersion: etcd-wizard/v1',
				'name: lab',
				'etcd:',
				'  downloadUrl: https://example.com/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
				'  checksumUrl: https://example.com/v{version}/SHA256SUMS',
				`  sha256: "${sha256}"`,
				'hosts:',
				'  - name: etcd1',
				'    address: 10.0.0.11',
			].join('\n');
		const good = parseClusterFile(file(PIN), 'cluster.yaml');
		expect(good.diagnostics).toEqual([]);
		expect(good.spec?.etcd.sha256).toBe(PIN);
		expect(serializeClusterFile(good.spec ?? spec)).toContain(`sha256: ${PIN}`);
		expect(
			parseClusterFile(file('abc $(reboot)'), 'cluster.yaml').diagnostics.map(formatDiagnostic),
		).toEqual([
			`cluster.yaml:6:11 etcd.sha256: "abc $(reboot)" is not a SHA-256 digest; write the tarball's 64 hex digits, as sha256sum prints them`,
		]);
	});
});

const FACTS: HostFacts = {
	arch: 'x86_64',
	os: 'Debian',
	kernel: '6.1',
	hostname: 'etcd1',
	systemd: true,
	interfaces: [{ name: 'wg0', ipv4: [{ address: '10.88.0.11', prefixLength: 24 }] }],
	dirs: new Map(),
	files: new Map(),
	etcdctlPresent: false,
	hasData: false,
	listening: [],
	clock: 0,
	memTotalKiB: 0,
	dataFreeKiB: 0,
};

/** The install step's title as plan and apply show it. */
function installTitle(etcd: Partial<EtcdSpec>): string {
	const withSource = { ...spec, etcd: { ...spec.etcd, ...etcd } };
	const plan = planCluster({
		spec: withSource,
		facts: new Map([['etcd1', FACTS]]),
		desired: new Map(),
		token: '',
	});
	const step = plan.nodes[0]?.steps.find((s) => s.kind === 'install-etcd');
	if (!step) throw new Error('no install step');
	return stepLabel(step, withSource).title;
}

describe('a release whose SHA256SUMS comes over plain HTTP', () => {
	const http = { checksumUrl: 'http://mirror.lan/v{version}/SHA256SUMS' };

	it('is named in the install step plan and apply show: it protects nothing, pin etcd.sha256', () => {
		expect(installTitle(http)).toBe(
			`Install etcd ${spec.etcd.version} (amd64); warning: SHA256SUMS comes over plain HTTP (http://mirror.lan/v{version}/SHA256SUMS), which protects nothing: whoever can change the tarball on the way can change its checksum too; pin the tarball's digest with etcd.sha256`,
		);
	});

	it('is not warned about with etcd.sha256 set, over HTTPS, or from a local tarball', () => {
		const plain = `Install etcd ${spec.etcd.version} (amd64)`;
		expect(installTitle({ ...http, sha256: PIN })).toBe(plain);
		expect(installTitle({})).toBe(plain);
		// A tarball over HTTP checked against an HTTPS SHA256SUMS is verified.
		expect(
			installTitle({ downloadUrl: 'http://mirror.lan/etcd-v{version}-linux-{arch}.tar.gz' }),
		).toBe(plain);
		expect(
			installTitle({ downloadUrl: undefined, checksumUrl: undefined, tarball: './etcd.tar.gz' }),
		).toBe(plain);
	});
});
