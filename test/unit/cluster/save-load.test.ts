import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	applyDefaults,
	ClusterFileError,
	loadClusterFile,
	saveClusterFile,
	serializeClusterFile,
} from '../../../source/cluster/index.js';
import { DESIGN_EXAMPLE, file } from './helpers.js';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'cluster-test-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

const spec = applyDefaults({
	name: 'lab',
	hosts: [
		{ name: 'etcd1', address: '10.0.0.1' },
		{ name: 'etcd2', address: '10.0.0.2' },
		{ name: 'etcd3', address: '10.0.0.3' },
	],
});

async function caught(promise: Promise<unknown>): Promise<ClusterFileError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof ClusterFileError))
		throw new Error(`expected a ClusterFileError, got ${String(error)}`);
	return error;
}

describe('saveClusterFile', () => {
	it('writes the serialized spec, mode 0644, and leaves no temp file', async () => {
		const path = join(dir, 'cluster.yaml');
		await saveClusterFile(path, spec);
		expect(await readFile(path, 'utf8')).toBe(serializeClusterFile(spec));
		expect((await stat(path)).mode & 0o777).toBe(0o644);
		expect(await readdir(dir)).toEqual(['cluster.yaml']);
	});

	it('replaces an existing file whole', async () => {
		const path = join(dir, 'cluster.yaml');
		await writeFile(path, 'x'.repeat(10_000));
		await saveClusterFile(path, spec);
		expect((await loadClusterFile(path)).spec).toEqual(spec);
		expect(await readdir(dir)).toEqual(['cluster.yaml']);
	});

	it('creates the directory', async () => {
		const path = join(dir, 'new', 'cluster.yaml');
		await saveClusterFile(path, spec);
		expect((await loadClusterFile(path)).spec).toEqual(spec);
	});

	it('refuses a spec that would not load, writing nothing', async () => {
		const path = join(dir, 'cluster.yaml');
		const error = await caught(saveClusterFile(path, { ...spec, hosts: [] }));
		expect(error.message).toContain('hosts: needs at least one host');
		expect(await readdir(dir)).toEqual([]);
	});

	it('removes the temp file when the rename fails', async () => {
		const path = join(dir, 'cluster.yaml');
		await mkdir(join(path, 'occupied'), { recursive: true });
		await expect(saveClusterFile(path, spec)).rejects.toThrow();
		expect(await readdir(dir)).toEqual(['cluster.yaml']);
	});
});

describe('loadClusterFile', () => {
	it('loads a valid file with its absolute path, dir and warnings', async () => {
		const path = join(dir, 'cluster.yaml');
		await writeFile(path, DESIGN_EXAMPLE);
		const loaded = await loadClusterFile(relative(process.cwd(), path));
		expect(loaded.path).toBe(path);
		expect(loaded.dir).toBe(dir);
		expect(loaded.spec.name).toBe('homelab');
		expect(loaded.warnings.map((w) => w.path)).toEqual(['hosts']);
	});

	it('throws every error, one per line', async () => {
		const path = join(dir, 'cluster.yaml');
		await writeFile(
			path,
			file('ssh:', '  port: 0', 'etcd:', '  settings:', '    election-timeout: 400'),
		);
		const error = await caught(loadClusterFile(path));
		expect(error.message).toBe(
			[
				`${path}:11:9 ssh.port: 0 is not a port; use a whole number from 1 to 65535`,
				`${path}:14:23 etcd.settings.election-timeout: 400 must be at least 5 x heartbeat-interval (100)`,
			].join('\n'),
		);
	});

	it('names a missing file and says what to do', async () => {
		const path = join(dir, 'nope.yaml');
		const error = await caught(loadClusterFile(path));
		expect(error.message).toBe(
			`${path}: no such file; check the path, or create one with "etcd-wizard init"`,
		);
	});

	it('names a directory passed as the file', async () => {
		const error = await caught(loadClusterFile(dir));
		expect(error.message).toBe(
			`${dir}: is a directory; pass the cluster file in it, e.g. ${join(dir, 'cluster.yaml')}`,
		);
	});
});
