import { describe, expect, it } from 'vitest';
import { isReleaseVersion, versionAtLeast, versionInfo } from '../../../source/cluster/index.js';

describe('versionInfo', () => {
	it('splits X.Y.Z', () => {
		expect(versionInfo('3.6.14')).toEqual({ major: 3, minor: 6, patch: 14 });
		expect(versionInfo('10.0.0')).toEqual({ major: 10, minor: 0, patch: 0 });
	});

	it.each(['v3.6.14', '3.6', '3.6.0-rc.1', '3.06.1', '', '3.6.x'])('throws on %j', (version) => {
		expect(() => versionInfo(version)).toThrow(/not a release number X\.Y\.Z/);
	});
});

describe('versionAtLeast', () => {
	it('compares major and minor', () => {
		expect(versionAtLeast('3.6.0', 3, 6)).toBe(true);
		expect(versionAtLeast('3.5.21', 3, 6)).toBe(false);
		expect(versionAtLeast('4.0.0', 3, 7)).toBe(true);
		expect(versionAtLeast('2.9.9', 3, 4)).toBe(false);
	});
});

describe('isReleaseVersion', () => {
	it('accepts only X.Y.Z', () => {
		expect(isReleaseVersion('3.4.23')).toBe(true);
		expect(isReleaseVersion('3.4.23 ')).toBe(false);
	});
});
