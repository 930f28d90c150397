import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ClusterFileError,
	formatDiagnostic,
	loadClusterFile,
} from '../../../source/cluster/index.js';
import { file, HEAD } from './helpers.js';

/**
 * The security review's bad cluster files (issue #16), each with the exact diagnostic it gets
 * from loading: every command loads the cluster file before it reaches any host, so a file
 * refused here never gets as far as a connection.
 */

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'loader-table-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What loading `text` from a file refuses, one formatted error per line, as cluster.yaml. */
async function refusal(text: string | Buffer): Promise<string[]> {
	const path = join(dir, `cluster-${Math.random().toString(36).slice(2)}.yaml`);
	await writeFile(path, text);
	const error = await loadClusterFile(path).then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof ClusterFileError)) throw new Error(`not refused: ${String(error)}`);
	return error.diagnostics
		.filter((d) => d.severity === 'error')
		.map((d) => formatDiagnostic({ ...d, file: 'cluster.yaml' }));
}

const OWN = "apply would chown and chmod it for etcd on every host; use a directory of etcd's own";

describe('loading refuses (finding 1: etcd directories)', () => {
	it.each([
		[
			'a system confDir',
			['  confDir: /etc'],
			`cluster.yaml:11:12 etcd.confDir: "/etc" is a system directory: ${OWN}, e.g. /etc/etcd`,
		],
		[
			'a dataDir that climbs to a system directory',
			['  dataDir: /var/lib/etcd/..'],
			`cluster.yaml:11:12 etcd.dataDir: "/var/lib/etcd/.." is /var/lib, a system directory: ${OWN}, e.g. /var/lib/etcd`,
		],
		[
			'the parent of a system directory',
			['  confDir: /usr/local/'],
			`cluster.yaml:11:12 etcd.confDir: "/usr/local/" is /usr/local, a system directory: ${OWN}, e.g. /etc/etcd`,
		],
		[
			'a binDir of packaged programs',
			['  binDir: /usr/bin'],
			`cluster.yaml:11:11 etcd.binDir: "/usr/bin" is where the distribution's packages keep their programs: apply would install etcd and etcdctl over a packaged etcd; use /usr/local/bin (the default) or a directory of its own, e.g. /opt/etcd/bin`,
		],
		[
			'a dataDir in /tmp',
			['  dataDir: /tmp/etcd'],
			'cluster.yaml:11:12 etcd.dataDir: "/tmp/etcd" is inside /tmp, which every user may write to: another user could make it, or a link in its place, before apply does, and it is emptied at boot; use e.g. /var/lib/etcd',
		],
		[
			'confDir and dataDir the same',
			['  confDir: /srv/etcd', '  dataDir: /srv/./etcd//'],
			'cluster.yaml:12:12 etcd.dataDir: is the same directory as confDir (/srv/etcd); keep data and configuration apart, e.g. /var/lib/etcd',
		],
		[
			'a dataDir inside confDir',
			['  confDir: /srv/etcd', '  dataDir: /srv/etcd/data'],
			'cluster.yaml:12:12 etcd.dataDir: must not be inside confDir (/srv/etcd); use e.g. /var/lib/etcd',
		],
		[
			'a confDir inside dataDir',
			['  confDir: /srv/etcd/x/../conf', '  dataDir: /srv/etcd'],
			'cluster.yaml:11:12 etcd.confDir: must not be inside dataDir (/srv/etcd); use e.g. /etc/etcd',
		],
	])('%s', async (_, lines, diagnostic) => {
		expect(await refusal(file('etcd:', ...lines))).toEqual([diagnostic]);
	});
});

/** A file of `count` hosts m0, m1, ... from line 4 on, each one line. */
function hostsFile(count: number): string {
	const items = Array.from(
		{ length: count },
		(_, i) => `  - {name: m${i}, address: 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}}`,
	);
	return `apiVersion: etcd-wizard/v1\nname: lab\nhosts:\n${items.join('\n')}\n`;
}

describe('loading refuses (finding 9: limits)', () => {
	it('a file larger than 1 MiB, before parsing it', async () => {
		// Not YAML at all: a parse would say so; the size is refused first.
		const text = `${file()}: [\n${'#'.repeat(1024 * 1024)}\n`;
		expect(await refusal(text)).toEqual([
			'cluster.yaml: is larger than 1 MiB, the most a cluster file may be; check that this is the cluster file (one holds a few hosts and settings)',
		]);
	});

	it('a file with no end, reading no more than the limit', async () => {
		const error = await loadClusterFile('/dev/zero').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ClusterFileError);
		expect((error as Error).message).toBe(
			'/dev/zero: is larger than 1 MiB, the most a cluster file may be; check that this is the cluster file (one holds a few hosts and settings)',
		);
	});

	it("more than 15 hosts, naming etcd's guidance, and nothing about each host", async () => {
		const text = hostsFile(20_000).replace('{name: m1,', '{name: m0,');
		expect(await refusal(text)).toEqual([
			"cluster.yaml:3:1 hosts: 20000 hosts are more than the 15 a cluster file may list; etcd's guidance is at most 7 members (every write waits for a majority of them): keep 3, 5 or 7 and make further clusters for the rest",
		]);
		expect(await refusal(hostsFile(16))).toEqual([
			"cluster.yaml:3:1 hosts: 16 hosts are more than the 15 a cluster file may list; etcd's guidance is at most 7 members (every write waits for a majority of them): keep 3, 5 or 7 and make further clusters for the rest",
		]);
	});

	it('a long value, echoed capped at 80 characters', async () => {
		const name = 'a'.repeat(500_000);
		const text = file().replace('name: homelab', `name: ${name}`);
		expect(await refusal(text)).toEqual([
			`cluster.yaml:2:7 name: "${'a'.repeat(80)}…" is not a usable cluster name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
		]);
	});

	it('a long unknown key, echoed capped in its path and its message', async () => {
		const key = 'k'.repeat(1000);
		expect(await refusal(file(`${key}: 1`))).toEqual([
			`cluster.yaml:10:1 ${'k'.repeat(80)}…: unknown key "${'k'.repeat(80)}…". Accepted keys: apiVersion, name, ssh, etcd, pki, hosts`,
		]);
	});

	// The name moves to line 9; the top map is level 1, so level 17 is the 16th bracket.
	it.each([
		['brackets', '[', ']', 'cluster.yaml:9:22'],
		['braces', '{a: ', '}', 'cluster.yaml:9:67'],
	])('deeply nested %s, with a clear diagnostic', async (_, open, close, where) => {
		const head = HEAD.filter((line) => !line.startsWith('name:')).join('\n');
		const deep = `${head}\nname: ${open.repeat(20_000)}${close.repeat(20_000)}\n`;
		expect(await refusal(deep)).toEqual([
			`${where} lists and maps are nested more than 16 deep here; a cluster file needs 3 (hosts, each host, its keys)`,
		]);
	});

	it('deep block nesting too', async () => {
		const lines = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:`);
		const deep = file('pki:', ...lines);
		expect(await refusal(deep)).toEqual([
			'cluster.yaml:26:17 lists and maps are nested more than 16 deep here; a cluster file needs 3 (hosts, each host, its keys)',
		]);
	});

	it('the same IPv6 address written two ways', async () => {
		const text = `apiVersion: etcd-wizard/v1\nname: lab\nhosts:\n  - {name: a, address: "::1"}\n  - {name: b, address: "0:0:0:0:0:0:0:1"}\n  - {name: c, address: 10.0.0.3}\n`;
		expect(await refusal(text)).toEqual([
			'cluster.yaml:5:24 hosts[1].address: "0:0:0:0:0:0:0:1" is already used by hosts[0].address (written "::1"); each host needs its own address',
		]);
	});
});

const UNIT_CHARS = 'use only letters, digits and . _ / @ + -';

describe('loading refuses (finding 3: what only the file decides, before any host)', () => {
	it.each([
		[
			'a confDir with a systemd specifier',
			['  confDir: /srv/etcd%n'],
			`cluster.yaml:11:12 etcd.confDir: "/srv/etcd%n" holds "%", which the systemd unit cannot hold as it is; ${UNIT_CHARS}, e.g. /etc/etcd`,
		],
		[
			'a dataDir with a dollar sign',
			['  dataDir: /srv/et$cd'],
			`cluster.yaml:11:12 etcd.dataDir: "/srv/et$cd" holds "$", which the systemd unit cannot hold as it is; ${UNIT_CHARS}, e.g. /var/lib/etcd`,
		],
		[
			'a binDir with a quote',
			['  binDir: /opt/"etcd"'],
			`cluster.yaml:11:11 etcd.binDir: "/opt/\\"etcd\\"" holds "\\"", which the systemd unit cannot hold as it is; ${UNIT_CHARS}, e.g. /usr/local/bin`,
		],
		[
			'a confDir with a backslash',
			["  confDir: '/srv/etcd\\x'"],
			`cluster.yaml:11:12 etcd.confDir: "/srv/etcd\\\\x" holds "\\\\", which the systemd unit cannot hold as it is; ${UNIT_CHARS}, e.g. /etc/etcd`,
		],
		[
			'logger, which the config template writes',
			['  settings:', '    logger: capnslog'],
			'cluster.yaml:12:5 etcd.settings.logger: is written by etcd-wizard itself (zap, the logger the journal and the diagnosis read); remove it',
		],
		[
			'log-outputs, which the config template writes',
			['  settings:', '    log-outputs: stdout'],
			'cluster.yaml:12:5 etcd.settings.log-outputs: is written by etcd-wizard itself (stderr, which goes to the journal); remove it',
		],
		[
			'enable-grpc-gateway, which the config template writes',
			['  settings:', '    enable-grpc-gateway: false'],
			"cluster.yaml:12:5 etcd.settings.enable-grpc-gateway: is written by etcd-wizard itself (true: the health checks use etcd's JSON gateway); remove it",
		],
		[
			'client-transport-security, which the config template writes',
			['  settings:', '    client-transport-security: x'],
			'cluster.yaml:12:5 etcd.settings.client-transport-security: is set by etcd-wizard from the certificates in pki.dir, uploaded to etcd.confDir; remove it',
		],
		[
			'a setting of .inf',
			['  settings:', '    max-txn-ops: .inf'],
			'cluster.yaml:12:18 etcd.settings.max-txn-ops: is Infinity, not a finite number: etcd cannot read it; write a number such as 128 (or put the value in quotes for a string)',
		],
		[
			'a setting of -.inf',
			['  settings:', '    max-request-bytes: -.Inf'],
			'cluster.yaml:12:24 etcd.settings.max-request-bytes: is -Infinity, not a finite number: etcd cannot read it; write a number such as 128 (or put the value in quotes for a string)',
		],
		[
			'a setting of .nan',
			['  settings:', '    heartbeat-interval: .nan'],
			'cluster.yaml:12:25 etcd.settings.heartbeat-interval: is NaN, not a finite number: etcd cannot read it; write a number such as 128 (or put the value in quotes for a string)',
		],
	])('%s', async (_, lines, diagnostic) => {
		expect(await refusal(file('etcd:', ...lines))).toEqual([diagnostic]);
	});

	/** `text` written as cluster.yaml in a fresh dir, loaded, its errors with the dir as <dir>. */
	async function refusalIn(text: string, prepare: (at: string) => Promise<void>) {
		const at = await mkdtemp(join(dir, 'case-'));
		await prepare(at);
		const path = join(at, 'cluster.yaml');
		await writeFile(path, text);
		const error = await loadClusterFile(path).catch((e: unknown) => e);
		if (!(error instanceof ClusterFileError)) throw new Error(`not refused: ${String(error)}`);
		return error.diagnostics
			.filter((d) => d.severity === 'error')
			.map((d) => formatDiagnostic({ ...d, file: 'cluster.yaml' }).replaceAll(at, '<dir>'));
	}
	const tarballFile = (path: string) => file('etcd:', `  tarball: ${path}`);

	it('a missing etcd.tarball', async () => {
		expect(
			await refusalIn(tarballFile('./etcd-v3.6.14-linux-amd64.tar.gz'), async () => {}),
		).toEqual([
			`cluster.yaml:11:12 etcd.tarball: "./etcd-v3.6.14-linux-amd64.tar.gz" does not exist (<dir>/etcd-v3.6.14-linux-amd64.tar.gz); write the path of a local etcd-vX.Y.Z-linux-ARCH.tar.gz (a relative path starts at the cluster file's folder)`,
		]);
	});

	it('an etcd.tarball that is a directory', async () => {
		const text = tarballFile('releases');
		expect(await refusalIn(text, (at) => mkdir(join(at, 'releases')))).toEqual([
			`cluster.yaml:11:12 etcd.tarball: "releases" is a directory (<dir>/releases), not a file; write the path of a local etcd-vX.Y.Z-linux-ARCH.tar.gz (a relative path starts at the cluster file's folder)`,
		]);
	});

	it('an etcd.tarball that is there is accepted', async () => {
		const at = await mkdtemp(join(dir, 'case-'));
		await writeFile(join(at, 'etcd.tar.gz'), 'x');
		await writeFile(join(at, 'cluster.yaml'), tarballFile('./etcd.tar.gz'));
		const loaded = await loadClusterFile(join(at, 'cluster.yaml'));
		expect(loaded.spec.etcd.tarball).toBe('./etcd.tar.gz');
	});

	it('a pki.dir that is a file', async () => {
		const text = file('pki:', '  dir: ./pki');
		expect(await refusalIn(text, (at) => writeFile(join(at, 'pki'), 'not a dir'))).toEqual([
			'cluster.yaml:11:8 pki.dir: "./pki" is a file (<dir>/pki), not a directory; move the file away or set pki.dir to a directory for the CA and certificates, e.g. ./pki',
		]);
	});

	it('a pki.dir inside a file', async () => {
		const text = file('pki:', '  dir: notes/pki');
		expect(await refusalIn(text, (at) => writeFile(join(at, 'notes'), 'a file'))).toEqual([
			'cluster.yaml:11:8 pki.dir: "notes/pki" cannot be a directory (<dir>/notes/pki): a part of its path is a file; set pki.dir to a directory for the CA and certificates, e.g. ./pki',
		]);
	});

	it('a pki.dir that does not exist yet, or is a directory, is accepted', async () => {
		const at = await mkdtemp(join(dir, 'case-'));
		await mkdir(join(at, 'pki'));
		for (const pki of ['./pki', './new/pki']) {
			await writeFile(join(at, 'cluster.yaml'), file('pki:', `  dir: ${pki}`));
			expect((await loadClusterFile(join(at, 'cluster.yaml'))).spec.pki.dir).toBe(pki);
		}
	});
});

describe('loading refuses (finding 5: a pki dir of another user)', () => {
	it.runIf(process.getuid?.() === 0)('a pki.dir owned by uid 65534, naming the owner', async () => {
		const at = await mkdtemp(join(dir, 'case-'));
		await mkdir(join(at, 'pki'));
		await chown(join(at, 'pki'), 65534, 65534);
		await writeFile(join(at, 'cluster.yaml'), file('pki:', '  dir: ./pki'));
		const error = await loadClusterFile(join(at, 'cluster.yaml')).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ClusterFileError);
		const lines = (error as ClusterFileError).diagnostics.map((d) =>
			formatDiagnostic({ ...d, file: 'cluster.yaml' }).replaceAll(at, '<dir>'),
		);
		expect(lines).toEqual([
			'cluster.yaml:11:8 pki.dir: "./pki" (<dir>/pki) is owned by uid 65534 (nobody), not by you (uid 0, root): that user could replace ca.key, the key to every member; chown it to yourself (chown -R root <dir>/pki) or choose another pki.dir',
		]);
	});

	it.runIf(process.getuid?.() === 0)(
		'a ca.key owned by uid 65534 in a pki.dir of ours',
		async () => {
			const at = await mkdtemp(join(dir, 'case-'));
			await mkdir(join(at, 'pki'));
			await writeFile(join(at, 'pki', 'ca.key'), 'not read');
			await chown(join(at, 'pki', 'ca.key'), 65534, 65534);
			await writeFile(join(at, 'cluster.yaml'), file('pki:', '  dir: ./pki'));
			const error = await loadClusterFile(join(at, 'cluster.yaml')).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ClusterFileError);
			const lines = (error as ClusterFileError).diagnostics.map((d) =>
				formatDiagnostic({ ...d, file: 'cluster.yaml' }).replaceAll(at, '<dir>'),
			);
			expect(lines).toEqual([
				'cluster.yaml:11:8 pki.dir: <dir>/pki/ca.key is owned by uid 65534 (nobody), not by you (uid 0, root): that user could replace ca.key, the key to every member; chown it to yourself (chown -R root <dir>/pki) or choose another pki.dir',
			]);
		},
	);
});
