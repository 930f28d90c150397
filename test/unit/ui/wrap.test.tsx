import { Box, Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { wrapLines } from '../../../source/ui/wrap.js';
import { plain } from '../wizard/ink.js';

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
