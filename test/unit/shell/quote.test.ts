import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PID_MARKER } from '../../../source/shell/pid-marker.js';
import { shellQuote, wrapCommand } from '../../../source/shell/quote.js';

/** Runs a command line through a real /bin/sh. */
function sh(line: string, input?: string) {
	const result = spawnSync('sh', ['-c', line], { input: input ?? '', encoding: 'utf8' });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('shellQuote', () => {
	const awkward = [
		'',
		'plain',
		'two words',
		"it's",
		"''",
		'"double" and \\back\\slash',
		'$HOME `id` $(id) $' + '{x}',
		'semi; colon | pipe & amp > out < in',
		'tab\there\nnew line',
		'glob * ? [a-z] ~ # !',
		'-n',
		'ünïcødé ✓',
	];

	it.each(awkward)('round-trips %j through sh -c', (value) => {
		expect(sh(`printf '%s' ${shellQuote(value)}`).stdout).toBe(value);
	});

	it('leaves safe words bare and quotes the rest', () => {
		expect(shellQuote('/etc/etcd/ca.crt')).toBe('/etc/etcd/ca.crt');
		expect(shellQuote('etcd:etcd')).toBe('etcd:etcd');
		expect(shellQuote('a b')).toBe("'a b'");
		expect(shellQuote('')).toBe("''");
	});
});

describe('wrapCommand', () => {
	it('runs the command under sh -c with LC_ALL=C, passing stdin and the exit code', () => {
		const line = wrapCommand('read -r x; echo "got $x in $LC_ALL"; echo oops >&2; exit 4', {
			sudo: false,
			isRoot: false,
		});
		const result = sh(line, 'hello\n');
		expect(result.code).toBe(4);
		expect(result.stdout).toBe('got hello in C\n');
		expect(result.stderr).toMatch(new RegExp(`^${PID_MARKER}\\d+\\noops\\n$`));
	});

	it('keeps quotes and newlines of the command intact', () => {
		const result = sh(
			wrapCommand(`printf '%s\\n' "it's" 'a "b"'\necho done`, { sudo: true, isRoot: true }),
		);
		expect(result.stdout).toBe(`it's\na "b"\ndone\n`);
	});

	it('goes through sudo -n only for a user other than root', () => {
		expect(wrapCommand('id', { sudo: true, isRoot: false })).toMatch(
			/^env LC_ALL=C sudo -n sh -c '/,
		);
		expect(wrapCommand('id', { sudo: true, isRoot: true })).toMatch(/^env LC_ALL=C sh -c '/);
		expect(wrapCommand('id', { sudo: false, isRoot: false })).not.toContain('sudo');
	});
});
