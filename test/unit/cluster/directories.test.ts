import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	directoriesOverlap,
	directoryProblem,
	LOCAL_PROGRAM_DIRECTORIES,
	normalizeDirectory,
	PACKAGED_PROGRAM_DIRECTORIES,
	REFUSED_TREES,
	SYSTEM_DIRECTORIES,
} from '../../../source/cluster/directories.js';

describe('normalizeDirectory', () => {
	it.each([
		['/etc/etcd', '/etc/etcd'],
		['/etc/etcd/', '/etc/etcd'],
		['//etc///etcd//', '/etc/etcd'],
		['/etc/./etcd/.', '/etc/etcd'],
		['/var/lib/etcd/..', '/var/lib'],
		['/../..', '/'],
		['//', '/'],
		['etc/etcd/', 'etc/etcd/'],
	])('%s -> %s', (dir, normal) => {
		expect(normalizeDirectory(dir)).toBe(normal);
	});
});

describe('the refused directories', () => {
	it('list every parent of a system directory too', () => {
		for (const dir of SYSTEM_DIRECTORIES) {
			if (dir !== '/') expect(SYSTEM_DIRECTORIES).toContain(posix.dirname(dir));
			expect(normalizeDirectory(dir)).toBe(dir);
		}
	});

	it('count the program directories among the system ones', () => {
		for (const dir of [...PACKAGED_PROGRAM_DIRECTORIES, ...LOCAL_PROGRAM_DIRECTORIES]) {
			expect(SYSTEM_DIRECTORIES).toContain(dir);
		}
		for (const tree of Object.keys(REFUSED_TREES)) expect(SYSTEM_DIRECTORIES).toContain(tree);
	});

	it('refuse every system directory as confDir and dataDir, and all but two as binDir', () => {
		for (const dir of SYSTEM_DIRECTORIES) {
			expect(directoryProblem('confDir', dir)).toContain('system directory');
			expect(directoryProblem('dataDir', `${dir}/`.replace('//', '/'))).toBeDefined();
		}
		const binDirs = SYSTEM_DIRECTORIES.filter((dir) => !directoryProblem('binDir', dir));
		expect(binDirs).toEqual(['/usr/local/bin', '/usr/local/sbin']);
	});
});

describe('directoryProblem (for the wizard: no position, the value first)', () => {
	it('accepts the defaults and directories of their own', () => {
		expect(directoryProblem('confDir', '/etc/etcd')).toBeUndefined();
		expect(directoryProblem('dataDir', '/var/lib/etcd')).toBeUndefined();
		expect(directoryProblem('binDir', '/usr/local/bin')).toBeUndefined();
		expect(directoryProblem('dataDir', '/srv/etcd/data')).toBeUndefined();
		expect(directoryProblem('dataDir', '/home/ops/etcd')).toBeUndefined();
	});

	it('writes control characters as escapes, keeping the message on one line', () => {
		expect(directoryProblem('confDir', '/etc\n')).toBe(
			'"/etc\\n" must not contain spaces; use e.g. /etc/etcd',
		);
	});
});

describe('directoriesOverlap', () => {
	it('says which key to fix', () => {
		expect(directoriesOverlap('/etc/etcd', '/var/lib/etcd')).toBeUndefined();
		expect(directoriesOverlap('/srv/etcd/', '/srv/etcd')?.key).toBe('dataDir');
		expect(directoriesOverlap('/srv/etcd', '/srv/etcd/./data')?.key).toBe('dataDir');
		expect(directoriesOverlap('/srv/data/conf/..', '/srv')?.key).toBe('confDir');
	});
});
