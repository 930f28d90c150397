import { describe, expect, it } from 'vitest';
import { fillTemplate, plainWord } from '../../../source/render/template.js';

describe('fillTemplate', () => {
	it('replaces every marker, allowing spaces inside the braces and repeated markers', () => {
		expect(fillTemplate('t', 'a={{a}} b={{ b }} again={{a}}\n', { a: '1', b: '2' })).toBe(
			'a=1 b=2 again=1\n',
		);
	});

	it('drops a line that holds only a marker whose value is empty', () => {
		expect(fillTemplate('t', 'x\n{{opt}}\ny\n', { opt: '' })).toBe('x\ny\n');
		expect(fillTemplate('t', 'x\n  {{opt}}  \ny\n', { opt: 'Z' })).toBe('x\n  Z  \ny\n');
	});

	it('keeps an empty value inline', () => {
		expect(fillTemplate('t', 'Caps={{caps}}\n', { caps: '' })).toBe('Caps=\n');
	});

	it('throws on a marker without a value, naming the template and the marker', () => {
		expect(() => fillTemplate('etcd.service', 'User={{user}}', {})).toThrow(
			'template etcd.service: unknown placeholder {{user}}',
		);
	});

	it('throws on a value the template never uses', () => {
		expect(() => fillTemplate('t', 'a={{a}}', { a: '1', dataDir: '/x' })).toThrow(
			'template t: no placeholder for dataDir',
		);
	});

	it('throws on malformed markers', () => {
		expect(() => fillTemplate('t', 'a={{a-b}}', {})).toThrow(
			'malformed placeholder near "{{a-b}}"',
		);
		expect(() => fillTemplate('t', 'a={{a}', {})).toThrow('malformed placeholder');
	});

	it('does not treat values as templates or replacement patterns', () => {
		expect(fillTemplate('t', '{{a}}', { a: "$& {{b}} $'" })).toBe("$& {{b}} $'");
	});

	it('does not read inherited properties as values', () => {
		expect(() => fillTemplate('t', '{{toString}}', {})).toThrow('unknown placeholder {{toString}}');
	});
});

describe('plainWord', () => {
	it('accepts paths and names', () => {
		expect(plainWord('etcd.binDir', '/usr/local/bin')).toBe('/usr/local/bin');
		expect(plainWord('etcd.user', 'etcd-2_x.y@z+')).toBe('etcd-2_x.y@z+');
	});

	it.each(['/opt/my etcd', '/opt/%n', '/opt/$HOME', '/a\nExecStartPre=/bin/sh', '"x"', ''])(
		'rejects %j, naming the field',
		(value) => {
			expect(() => plainWord('etcd.binDir', value)).toThrow(
				/^etcd\.binDir ".*" cannot be written/s,
			);
		},
	);
});
