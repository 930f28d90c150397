import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firewallCommand } from '../../../source/preflight/firewall.js';
import {
	backupScript,
	commitScript,
	dropBackupsScript,
	restoreScript,
	stagingScript,
} from '../../../source/rekey/host-files.js';
import { restoreByHandCommand } from '../../../source/rekey/rollback.js';
import { stepCommand } from '../../../source/run/execute-step.js';
import { downloadBoth, installCommand } from '../../../source/run/install-etcd.js';
import { factScript, parseFacts } from '../../../source/shell/fact-script.js';
import { uploadScript } from '../../../source/ssh/upload.js';
import { removeCommand, uploadFilesScript } from '../../../source/ssh/upload-files.js';
import { shellLiterals, unquotedOccurrences } from './shell-words.js';

/** In every hostile value: a value found outside a quoted word is a value that can run. */
const SENTINEL = 'pwned';

/**
 * A value as a crafted cluster file or a hostile host could hand over: both quotes, a command
 * substitution in both forms, `;`, a newline, spaces and a glob, each next to the sentinel.
 */
function hostile(start: string): string {
	return `${start}it's "q" $(touch /tmp/${SENTINEL}) \`touch /tmp/${SENTINEL}\`; touch /tmp/${SENTINEL}\ntouch /tmp/${SENTINEL} *${SENTINEL}* ~${SENTINEL}`;
}

/** The values of each field, for each kind of field. */
interface Values {
	readonly path: string;
	readonly name: string;
	readonly ip: string;
	readonly url: string;
}

const VALUE_SETS: Readonly<Record<string, Values>> = {
	'quotes, substitutions, ; and newlines': {
		path: hostile('/srv/'),
		name: hostile('e'),
		ip: hostile('10.0.0.1'),
		url: hostile('https://example.com/'),
	},
	// Nothing a quote-only check would notice: a glob alone expands when left bare.
	'a glob alone': {
		path: `/srv/${SENTINEL}*`,
		name: `e${SENTINEL}*`,
		ip: `10.0.0.1${SENTINEL}*`,
		url: `https://example.com/${SENTINEL}*`,
	},
};

const SHELL_DIR = new URL('../../../source/shell/', import.meta.url);

/** Hostile arguments for every exported `...Script` of source/shell/ that takes any. */
const shellArguments = ({
	path: PATH,
	name: NAME,
	ip: IP,
}: Values): Readonly<Record<string, readonly unknown[]>> => ({
	factScript: [
		{
			user: NAME,
			group: NAME,
			dirs: [PATH, `${PATH}/data`],
			binDir: PATH,
			dataDir: PATH,
			files: [
				{ path: `${PATH}/ca.crt`, withContent: true },
				{ path: `${PATH}/server.key`, withContent: false },
			],
		},
	],
	hostProbeScript: [PATH, [{ name: NAME, ip: IP }]],
	listenScript: [IP, [2380, 2379]],
	connectScript: [[{ name: NAME, ip: IP, port: 2380 }]],
	memberDetailsScript: [{ confDir: PATH, dataDir: PATH }],
});

/** Scripts that take no value at all: nothing hostile can reach them. */
const NO_VALUES = new Set(['interfacesScript']);

/** Every exported `...Script` of source/shell/, built with hostile values (script.ts left out). */
async function shellScripts(values: Values): Promise<[string, string][]> {
	const scripts: [string, string][] = [];
	const hostileArguments = shellArguments(values);
	const files = readdirSync(SHELL_DIR).filter((f) => f.endsWith('.ts') && f !== 'script.ts');
	for (const file of files) {
		const module: Record<string, unknown> = await import(new URL(file, SHELL_DIR).href);
		for (const [name, value] of Object.entries(module)) {
			if (!name.endsWith('Script') || typeof value !== 'function') continue;
			const args = hostileArguments[name] ?? [];
			expect(args.length, `hostile arguments for ${name}`).toBeGreaterThanOrEqual(value.length);
			if (NO_VALUES.has(name)) {
				expect(value.length, name).toBe(0);
				continue;
			}
			scripts.push([name, value(...args) as string]);
		}
	}
	return scripts;
}

/** The command texts built outside source/shell/, each from hostile values. */
function otherScripts({ path: PATH, name: NAME, url: URL_VALUE }: Values): [string, string][] {
	const upload = { path: `${PATH}/etcd.conf.yml`, mode: 0o640, owner: NAME, group: NAME };
	return [
		['uploadScript', uploadScript(upload, `${PATH}/.tmp`)],
		['uploadFilesScript', uploadFilesScript([{ ...upload, size: 3 }], [`${PATH}/.tmp`])],
		[
			'downloadBoth',
			downloadBoth(
				PATH,
				{ url: URL_VALUE, to: `${PATH}/etcd.tar.gz` },
				{ url: URL_VALUE, to: `${PATH}/SHA256SUMS` },
			),
		],
		['installCommand', installCommand(PATH, { binDir: PATH, version: NAME }, NAME)],
		['create-group', stepCommand({ kind: 'create-group', group: NAME, gid: 990 })],
		[
			'create-user',
			stepCommand({ kind: 'create-user', user: NAME, group: NAME, home: PATH, uid: 990 }),
		],
		[
			'ensure-dir',
			stepCommand({
				kind: 'ensure-dir',
				path: PATH,
				mode: 0o750,
				owner: NAME,
				group: NAME,
				reason: 'missing',
			}),
		],
		['removeCommand', removeCommand([`${PATH}/.a`, `${PATH}/.b`])],
		['dropBackupsScript', dropBackupsScript(`${PATH}/backup`)],
		['stagingScript', stagingScript(PATH)],
		['backupScript', backupScript(PATH, `${PATH}/backup`, NAME)],
		['commitScript', commitScript(PATH, ['ca.crt', 'server.crt'])],
		['restoreScript', restoreScript(PATH, `${PATH}/backup`, NAME)],
		// Printed for the operator to paste into a root shell: the interface from the cluster file,
		// the zone or chain as the host reported it.
		// (nftables takes only plain words, which it parses again: test/unit/preflight/firewall-rule.test.ts.)
		...(['ufw', 'firewalld', 'iptables'] as const).map(
			(kind) =>
				[
					`firewallCommand ${kind}`,
					firewallCommand({ kind, where: `inet filter ${NAME}` }, NAME, [2380, 2379]) ?? '',
				] as [string, string],
		),
		['restoreByHandCommand', restoreByHandCommand(`${PATH}/backup`, PATH, true)],
	];
}

/** The reasons `script` is unsafe: a syntax error, or a hostile value not in one quoted word. */
function problems(script: string): string[] {
	const found: string[] = [];
	try {
		execFileSync('sh', ['-n'], { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
	} catch (error) {
		found.push(`sh -n: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
	}
	const occurrences = unquotedOccurrences(script, SENTINEL);
	if (occurrences.length === 0) found.push('no hostile value reached the script');
	for (const contexts of occurrences) {
		if (contexts.length > 0) found.push(`a hostile value is read ${contexts.join(' and ')}`);
	}
	return [...new Set(found)];
}

describe('every host script with hostile values in every field', () => {
	it.each(Object.entries(VALUE_SETS))(
		'%s: is valid shell, each value one quoted word',
		async (_, values) => {
			const scripts = [...(await shellScripts(values)), ...otherScripts(values)];
			const unsafe = scripts
				.map(([name, script]) => [name, problems(script)] as const)
				.filter(([, found]) => found.length > 0);
			expect(Object.fromEntries(unsafe)).toEqual({});
		},
	);
});

describe('the quoting checker', () => {
	it('finds a value in double quotes, bare, in a comment or a substitution', () => {
		expect(problems(`echo "x${SENTINEL}"`)).toEqual(['a hostile value is read double']);
		expect(problems(`echo x${SENTINEL}`)).toEqual(['a hostile value is read bare']);
		expect(problems(`echo x # ${SENTINEL}`)).toEqual(['a hostile value is read comment']);
		expect(problems(`echo "$(echo ${SENTINEL})"`)).toEqual(['a hostile value is read bare']);
		expect(problems(`echo "unterminated ${SENTINEL}`)[0]).toMatch(/^sh -n: /);
	});

	it('passes a value in single quotes, escaped, or quoted inside a substitution', () => {
		expect(problems(`echo '${SENTINEL} $(x)'`)).toEqual([]);
		expect(problems(`echo 'it'\\''s ${SENTINEL}'`)).toEqual([]);
		expect(problems(`echo "$(printf %s '${SENTINEL}')"`)).toEqual([]);
		expect(problems(`echo \\${SENTINEL.split('').join('\\')}`)).toEqual([]);
	});

	it('reads the quote marks out, keeping what they mean', () => {
		const text = shellLiterals(`a'b'"c"\\d`)
			.map((l) => `${l.char}:${l.context}`)
			.join(' ');
		expect(text).toBe('a:bare b:single c:double d:escaped');
	});
});

describe('factScript on a host whose confDir holds a command', () => {
	it('reads the file back and runs nothing (the review: it ran once ca.crt existed)', async () => {
		const root = await mkdtemp(join(tmpdir(), 'fact-hostile-'));
		try {
			const marker = join(root, 'ran');
			// A directory name holds no '/': the commands touch `ran` in the script's working dir.
			const confDir = join(root, `etc $(touch ran) \`touch ran\` "x'`);
			await mkdir(confDir);
			await writeFile(join(confDir, 'ca.crt'), 'PEM\n');
			const script = factScript({
				user: 'nobody',
				group: 'nogroup',
				dirs: [confDir],
				binDir: join(root, 'bin'),
				dataDir: join(root, 'data'),
				files: [{ path: join(confDir, 'ca.crt'), withContent: true }],
			});
			const facts = parseFacts(execFileSync('sh', ['-s'], { input: script, cwd: root }).toString());
			expect(facts.files.get(join(confDir, 'ca.crt'))?.content).toBe('PEM\n');
			expect(existsSync(marker)).toBe(false);
		} finally {
			await rm(root, { recursive: true, force: true });
		}
	});
});
