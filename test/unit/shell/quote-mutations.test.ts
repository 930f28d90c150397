import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../../source/shell/quote.js';

// The characters shellQuote may leave bare: a word made only of them means itself to sh.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]$/;
const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const unsafe = [...printable.filter((c) => !SAFE.test(c)), '\t', '\n'];

// A directory where every glob matches something and `~` is not the directory itself, so a
// character that sh expands shows up as output that differs from the value.
let cwd: string;
beforeAll(() => {
	cwd = mkdtempSync(join(tmpdir(), 'quote-'));
	for (const name of ['a', 'ab', 'b', 'etc']) writeFileSync(join(cwd, name), '');
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** What sh prints for `printf '%s\n' WORDS` run in `cwd`, one line per word it sees. */
function words(line: string): string {
	const result = spawnSync('sh', ['-c', `printf '[%s]\\n' ${line}`], {
		cwd,
		encoding: 'utf8',
		env: { PATH: process.env.PATH, HOME: '/nonexistent-home' },
	});
	expect(result.stderr).toBe('');
	return result.stdout;
}

describe('shellQuote: every character outside the safe set is quoted', () => {
	it.each(unsafe)('%j alone, at the start, inside and at the end of a word', (c) => {
		for (const value of [c, `${c}a`, `a${c}`, `a${c}b`, `/etc/etcd/${c}`]) {
			const quoted = shellQuote(value);
			expect(quoted, value).toMatch(/^'/);
			expect(words(quoted), value).toBe(`[${value}]\n`);
		}
	});

	it.each([
		['*', '[*]\n'],
		['a*', '[a*]\n'],
		['*b', '[*b]\n'],
		['./a*', '[./a*]\n'],
		['?', '[?]\n'],
		['[ab]', '[[ab]]\n'],
		['~', '[~]\n'],
	])('%j stays one literal word even where the glob matches files', (value, printed) => {
		expect(words(shellQuote(value))).toBe(printed);
		// The check is meaningful: unquoted, sh would have expanded it.
		expect(words(value)).not.toBe(printed);
	});

	it('leaves a word of safe characters bare, and it means itself', () => {
		const safeWord = printable.filter((c) => SAFE.test(c)).join('');
		expect(shellQuote(safeWord)).toBe(safeWord);
		expect(words(safeWord)).toBe(`[${safeWord}]\n`);
	});
});
