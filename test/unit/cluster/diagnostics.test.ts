import { describe, expect, it } from 'vitest';
import {
	ClusterFileError,
	type Diagnostic,
	formatDiagnostic,
	formatPath,
} from '../../../source/cluster/index.js';

const base: Diagnostic = {
	severity: 'error',
	file: 'cluster.yaml',
	line: 14,
	column: 5,
	path: 'etcd.settings.election-timeout',
	message: '400 must be at least 5 x heartbeat-interval (100)',
};

describe('formatDiagnostic', () => {
	it('puts position, path and message on one line', () => {
		expect(formatDiagnostic(base)).toBe(
			'cluster.yaml:14:5 etcd.settings.election-timeout: 400 must be at least 5 x heartbeat-interval (100)',
		);
	});

	it('prefixes warnings after the position', () => {
		expect(formatDiagnostic({ ...base, severity: 'warning', path: 'hosts', message: 'm' })).toBe(
			'cluster.yaml:14:5 warning: hosts: m',
		);
	});

	it('leaves out what is missing', () => {
		expect(formatDiagnostic({ ...base, path: '', message: 'invalid YAML' })).toBe(
			'cluster.yaml:14:5 invalid YAML',
		);
		expect(
			formatDiagnostic({ ...base, line: 0, column: 0, path: '', message: 'no such file' }),
		).toBe('cluster.yaml: no such file');
		expect(formatDiagnostic({ ...base, file: '', line: 0, column: 0, message: 'm' })).toBe(
			'etcd.settings.election-timeout: m',
		);
	});
});

describe('formatPath', () => {
	it('writes indexes in brackets', () => {
		expect(formatPath(['hosts', 1, 'address'])).toBe('hosts[1].address');
		expect(formatPath([])).toBe('');
	});
});

describe('ClusterFileError', () => {
	it('lists the errors, one per line, and keeps every diagnostic', () => {
		const warning: Diagnostic = { ...base, severity: 'warning', message: 'w' };
		const second: Diagnostic = { ...base, line: 20, message: 'second' };
		const error = new ClusterFileError([base, warning, second]);
		expect(error.message.split('\n')).toEqual([
			formatDiagnostic(base),
			'cluster.yaml:20:5 etcd.settings.election-timeout: second',
		]);
		expect(error.diagnostics).toHaveLength(3);
		expect(error).toBeInstanceOf(Error);
	});
});
