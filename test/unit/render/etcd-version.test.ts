import { describe, expect, it } from 'vitest';
import { etcdMinor, isAtLeast } from '../../../source/render/etcd-version.js';

describe('etcdMinor', () => {
	it.each([
		['3.6.14', 3, 6],
		['v3.5.21', 3, 5],
		['3.7.0-rc.1', 3, 7],
		['3.4', 3, 4],
		[' 3.10.2 ', 3, 10],
	])('reads %j as %i.%i', (version, major, minor) => {
		expect(etcdMinor(version)).toEqual({ major, minor });
	});

	it.each(['', 'latest', '3', '3.x.1', '3.6.14.1'])(
		'rejects %j, naming etcd.version',
		(version) => {
			expect(() => etcdMinor(version)).toThrow(`etcd.version "${version}" is not a version`);
		},
	);
});

describe('isAtLeast', () => {
	it('compares release lines numerically', () => {
		expect(isAtLeast('3.6.0', 3, 6)).toBe(true);
		expect(isAtLeast('3.5.99', 3, 6)).toBe(false);
		expect(isAtLeast('3.10.0', 3, 6)).toBe(true);
		expect(isAtLeast('4.0.0', 3, 6)).toBe(true);
		expect(isAtLeast('2.9.0', 3, 6)).toBe(false);
	});
});
