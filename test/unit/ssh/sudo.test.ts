import { describe, expect, it } from 'vitest';
import { sudoFailure } from '../../../source/ssh/sudo.js';

describe('sudoFailure', () => {
	it('tells a user who needs a password to get NOPASSWD sudo', () => {
		const error = sudoFailure('etcd1', 'ops', 1, 'sudo: a password is required\n');
		expect(error?.message).toBe('sudo on etcd1 asks ops for a password');
		expect(error?.hint).toContain('ops ALL=(ALL) NOPASSWD: ALL');
		expect(error?.host).toBe('etcd1');
	});

	it('recognises a user without sudo rights and a host without sudo', () => {
		expect(sudoFailure('h', 'ops', 1, 'ops is not in the sudoers file.\n')?.message).toBe(
			'ops may not use sudo on h',
		);
		expect(sudoFailure('h', 'ops', 127, "env: 'sudo': No such file or directory\n")?.message).toBe(
			'sudo is not installed on h',
		);
	});

	it('leaves the command’s own failures alone', () => {
		expect(sudoFailure('h', 'ops', 1, 'mkdir: cannot create directory\n')).toBeUndefined();
		expect(sudoFailure('h', 'ops', 0, 'sudo: a password is required\n')).toBeUndefined();
	});
});
