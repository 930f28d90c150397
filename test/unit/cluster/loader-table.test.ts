import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ClusterFileError,
	formatDiagnostic,
	loadClusterFile,
} from '../../../source/cluster/index.js';
import { file } from './helpers.js';

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
