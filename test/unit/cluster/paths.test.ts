import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePath } from '../../../source/cluster/index.js';

describe('resolvePath', () => {
	it('expands ~ to the home directory', () => {
		expect(resolvePath('/srv/lab', '~')).toBe(homedir());
		expect(resolvePath('/srv/lab', '~/.ssh/id_ed25519')).toBe(join(homedir(), '.ssh/id_ed25519'));
	});

	it('resolves relative paths against the cluster file directory', () => {
		expect(resolvePath('/srv/lab', './pki')).toBe('/srv/lab/pki');
		expect(resolvePath('/srv/lab', '../etcd.tar.gz')).toBe('/srv/etcd.tar.gz');
		expect(resolvePath('/srv/lab', '~other/x')).toBe('/srv/lab/~other/x');
	});

	it('keeps absolute paths', () => {
		expect(resolvePath('/srv/lab', '/etc/pki')).toBe('/etc/pki');
	});
});
