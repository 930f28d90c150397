import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interfacesScript, parseInterfaces } from '../../../source/shell/interfaces.js';
import { hostScript, nearestDir, SCRIPT_HEAD, tabLines } from '../../../source/shell/script.js';

const SHELL_DIR = new URL('../../../source/shell/', import.meta.url);

/** Awkward paths and names: a quote and a space, which a script must keep as one word. */
const AWKWARD = "/srv/et'cd data";

/** Arguments for each script builder that takes any (the others are called without). */
const ARGUMENTS: Readonly<Record<string, readonly unknown[]>> = {
	factScript: [
		{
			user: "et'cd",
			group: 'etcd group',
			dirs: [AWKWARD, '/etc/etcd'],
			binDir: `${AWKWARD}/bin`,
			dataDir: AWKWARD,
			files: [
				{ path: `${AWKWARD}/etcd.conf.yml`, withContent: true },
				{ path: '/etc/etcd/server.key', withContent: false },
			],
		},
	],
	hostProbeScript: [AWKWARD, [{ name: 'etcd2', ip: '10.88.0.12' }]],
	listenScript: ['10.88.0.11', [2380, 2379]],
	connectScript: [[{ name: "et'cd2", ip: '10.88.0.12', port: 2380 }]],
	memberDetailsScript: [{ confDir: AWKWARD, dataDir: `${AWKWARD}/data` }],
};

/**
 * Every exported `...Script` function of source/shell/, called with its arguments (script.ts,
 * which makes them, left out).
 */
async function everyScript(): Promise<Map<string, string>> {
	const scripts = new Map<string, string>();
	const files = readdirSync(SHELL_DIR).filter((f) => f.endsWith('.ts') && f !== 'script.ts');
	for (const file of files) {
		const module: Record<string, unknown> = await import(new URL(file, SHELL_DIR).href);
		for (const [name, value] of Object.entries(module)) {
			if (!name.endsWith('Script') || typeof value !== 'function') continue;
			const args = ARGUMENTS[name] ?? [];
			expect(args.length, `arguments for ${name}`).toBeGreaterThanOrEqual(value.length);
			scripts.set(name, value(...args) as string);
		}
	}
	return scripts;
}

describe('host scripts', () => {
	it('every one starts with the shared preamble and is valid POSIX shell', async () => {
		const scripts = await everyScript();
		expect([...scripts.keys()].sort()).toEqual(
			[...Object.keys(ARGUMENTS), 'interfacesScript'].sort(),
		);
		for (const [name, script] of scripts) {
			expect(script.startsWith(`${SCRIPT_HEAD.join('\n')}\n`), name).toBe(true);
			// Written once: no script repeats a line of the preamble.
			for (const line of SCRIPT_HEAD) expect(script.split(line).length, name).toBe(2);
			expect(() => execFileSync('sh', ['-n'], { input: script }), name).not.toThrow();
		}
	});

	it('keep a quoted word one word', async () => {
		const scripts = await everyScript();
		expect(scripts.get('hostProbeScript')).toContain(`d='/srv/et'\\''cd data'`);
		expect(scripts.get('connectScript')).toContain(`try 'et'\\''cd2' 10.88.0.12 2380 &`);
	});
});

describe('nearestDir', () => {
	it('sets $d to the path, or to its nearest existing parent', () => {
		const run = (path: string) =>
			execFileSync('sh', ['-s'], { input: hostScript([...nearestDir(path), 'echo "$d"']) })
				.toString()
				.trim();
		expect(run('/tmp')).toBe('/tmp');
		expect(run("/tmp/no such/dir's/etcd")).toBe('/tmp');
	});
});

describe('tabLines', () => {
	it('splits each line at tabs and leaves blank lines out', () => {
		expect(tabLines('a\tb\t\n\n  \nc\n')).toEqual([['a', 'b', ''], ['c']]);
	});
});

describe('interfacesScript', () => {
	it('runs in sh and lists the interfaces, with or without an address', () => {
		const interfaces = parseInterfaces(
			execFileSync('sh', ['-s'], { input: interfacesScript() }).toString(),
		);
		expect(interfaces.find((i) => i.name === 'lo')?.ipv4).toContainEqual({
			address: '127.0.0.1',
			prefixLength: 8,
		});
	});

	it('parses addresses by interface and interfaces without one, in the order listed', () => {
		const out = [
			'inet\teth0\t10.77.0.11/24',
			'link\tlo',
			'link\teth0',
			'inet\twg0\t10.88.0.11/24',
			'inet\twg0\t10.88.1.11',
		].join('\n');
		expect(parseInterfaces(out)).toEqual([
			{ name: 'eth0', ipv4: [{ address: '10.77.0.11', prefixLength: 24 }] },
			{ name: 'lo', ipv4: [] },
			{
				name: 'wg0',
				ipv4: [
					{ address: '10.88.0.11', prefixLength: 24 },
					{ address: '10.88.1.11', prefixLength: 32 },
				],
			},
		]);
	});
});
