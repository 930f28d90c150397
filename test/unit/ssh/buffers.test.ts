import { describe, expect, it } from 'vitest';
import { PID_MARKER, PidMarkerFilter } from '../../../source/shell/pid-marker.js';
import { TailBuffer } from '../../../source/ssh/tail-buffer.js';

describe('TailBuffer', () => {
	it('keeps everything under the cap', () => {
		const buffer = new TailBuffer(10);
		buffer.push(Buffer.from('abc'));
		buffer.push(Buffer.from('def'));
		expect(buffer.toString()).toBe('abcdef');
	});

	it('keeps only the last cap bytes, dropping a cut character at the head', () => {
		const buffer = new TailBuffer(6);
		buffer.push(Buffer.from('0123'));
		buffer.push(Buffer.from('45'));
		buffer.push(Buffer.from('6789'));
		expect(buffer.toString()).toBe('456789');
		const utf8 = new TailBuffer(5);
		utf8.push(Buffer.from('ééé'));
		expect(utf8.toString()).toBe('éé');
	});
});

describe('PidMarkerFilter', () => {
	it('takes the marker line out of stderr, split across chunks', () => {
		const filter = new PidMarkerFilter();
		const out = [
			filter.push(Buffer.from('sudo: unable to resolve host x\netcd-wiz')),
			filter.push(Buffer.from('ard-pid:4242\nreal error\n')),
			filter.push(Buffer.from('more\n')),
		];
		expect(Buffer.concat(out).toString()).toBe(
			'sudo: unable to resolve host x\nreal error\nmore\n',
		);
		expect(filter.pid).toBe(4242);
	});

	it('gives back held bytes when no marker comes', () => {
		const filter = new PidMarkerFilter();
		expect(filter.push(Buffer.from('no marker')).length).toBe(0);
		expect(filter.flush().toString()).toBe('no marker');
		expect(filter.pid).toBeUndefined();
		const long = new PidMarkerFilter();
		expect(long.push(Buffer.alloc(5000, 'x')).length).toBe(5000);
		expect(long.push(Buffer.from(`${PID_MARKER}1\n`)).toString()).toBe(`${PID_MARKER}1\n`);
	});
});
