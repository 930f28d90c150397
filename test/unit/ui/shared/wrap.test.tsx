import { Box, Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { tidyWrap, wrapHanging, wrapLines } from '../../../../source/ui/shared/wrap.js';
import { plain } from '../../../support/ink.js';

afterEach(cleanup);

const TEXTS = [
	'✘ "Home" is not a usable cluster name; use lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters',
	'https://mirror.example.internal/etcd/releases/download/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
	'exactly ten exactly ten',
	'a  double  space and a trailing space ',
	'two\nlines, the second one long enough to wrap around at the narrow widths tested',
	'',
	'x'.repeat(45),
];

describe('wrapLines', () => {
	it('breaks text where Ink does, at every width tried', () => {
		for (const width of [10, 11, 23, 40, 60, 80]) {
			for (const text of TEXTS) {
				const view = render(
					<Box width={width}>
						<Text wrap="wrap">{text}</Text>
					</Box>,
				);
				const shown = plain(view.lastFrame()).split('\n');
				const ours = wrapLines(text, width).map((line) => line.trimEnd());
				// plain() drops trailing empty lines; an empty text is one empty line either way.
				expect(ours.join('\n').trimEnd(), `${JSON.stringify(text)} at ${width}`).toBe(
					shown.join('\n'),
				);
				view.unmount();
			}
		}
	});
});

describe('tidyWrap', () => {
	it('drops the space Ink carries to a row after a word that fills a line, keeping the rows', () => {
		const help = "about the round-trip time between members; etcd's default is 100";
		expect(wrapLines(help, 60)[1]).toBe(' 100');
		expect(tidyWrap(help, 60)).toBe(
			"about the round-trip time between members; etcd's default is\n100",
		);
		for (const width of [10, 11, 23, 40, 60, 80]) {
			for (const text of TEXTS) {
				const tidy = tidyWrap(text, width).split('\n');
				expect(tidy, `${JSON.stringify(text)} at ${width}`).toHaveLength(
					wrapLines(text, width).length,
				);
				// Ink shows each row as it is: none is wider than the width.
				const view = render(
					<Box width={width}>
						<Text wrap="wrap">{tidy.join('\n')}</Text>
					</Box>,
				);
				expect(plain(view.lastFrame()).split('\n').length).toBe(Math.max(1, tidy.length));
				view.unmount();
			}
		}
	});

	it('keeps a paragraph that starts with spaces as it is', () => {
		expect(tidyWrap('  indented\n  also', 40)).toBe('  indented\n  also');
	});
});

describe('wrapHanging', () => {
	it('wraps a list line under its text, past its indent and its number', () => {
		expect(
			wrapHanging(
				'  2. etcd1, etcd2, one at a time: server and peer certificates from the new CA, no restart',
				40,
			),
		).toEqual([
			'  2. etcd1, etcd2, one at a time: server',
			'     and peer certificates from the new',
			'     CA, no restart',
		]);
		expect(wrapHanging('  one member at a time: its files kept in /etc/etcd', 30)).toEqual([
			'  one member at a time: its',
			'  files kept in /etc/etcd',
		]);
		expect(wrapHanging('rekey: new certificates', 80)).toEqual(['rekey: new certificates']);
	});

	it('keeps every row within the width', () => {
		const line = `  1. ${'word '.repeat(40)}${'x'.repeat(50)}`;
		for (const width of [20, 40, 80]) {
			for (const row of wrapHanging(line, width)) expect(row.length).toBeLessThanOrEqual(width);
		}
	});
});
