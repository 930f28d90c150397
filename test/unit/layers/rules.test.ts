import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

/**
 * The layer rules catch what they are for: a tree of one-line modules, each breaking one rule,
 * cruised with the project's own rule files. A rule that stopped matching would pass silently
 * in the lint step; here it fails.
 */
const planted: Record<string, string> = {
	'source/ssh/connection.ts': "import { Client } from 'ssh2';\nexport const connectHost = Client;",
	'source/cluster/save.ts':
		"import { writeFile } from 'node:fs/promises';\nexport const save = writeFile;",
	'source/events/run-event.ts': 'export type RunEvent = { type: string };',
	'source/shell/quote.ts': 'export const shellQuote = (v: string) => v;',
	'source/ui/shared/theme.ts': "export const theme = 'cyan';",
	// Breaks: views-and-state-reach-no-io (ssh2 directly).
	'source/ui/shared/bad-ssh.ts':
		"import { connectHost } from '../../ssh/connection.js';\nexport const a = connectHost;",
	// Breaks: views-and-state-reach-no-io (fs through a value import chain).
	'source/state/shared/bad-chain.ts':
		"import { save } from '../../cluster/save.js';\nexport const b = save;",
	// Passes: a type-only import reaches nothing at run time.
	'source/ui/shared/ok-type.ts':
		"import type { connectHost } from '../../ssh/connection.js';\nexport type C = typeof connectHost;",
	// Breaks: plan-render-reach-no-ssh.
	'source/plan/bad-ssh.ts':
		"import { connectHost } from '../ssh/connection.js';\nexport const c = connectHost;",
	// Breaks: pure-core-reaches-no-io.
	'source/shell/bad-fs.ts':
		"import { readFileSync } from 'node:fs';\nexport const d = readFileSync;",
	// Breaks: events-import-nothing and layer:events.
	'source/events/bad-engine.ts':
		"import { shellQuote } from '../shell/quote.js';\nexport const e = shellQuote;",
	// Breaks: layer:cluster (a type import upwards counts).
	'source/cluster/bad-up.ts':
		"import type { theme } from '../ui/shared/theme.js';\nexport type T = typeof theme;",
	// Breaks: peers:ui/rekey.
	'source/ui/wizard/app.ts': 'export const wizardApp = 1;',
	'source/ui/rekey/bad-peer.ts':
		"import { wizardApp } from '../wizard/app.js';\nexport const f = wizardApp;",
	// Breaks: every-import-has-a-layer.
	'source/newfolder/a.ts': 'export const n = 1;',
	'source/store/bad-new.ts': "import { n } from '../newfolder/a.js';\nexport const g = n;",
	// Breaks: no-cycle.
	'source/run/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;",
	'source/run/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;",
};

let dir = '';
let output = '';

async function cruise(config: string): Promise<string> {
	const bin = join(root, 'node_modules', '.bin', 'depcruise');
	const args = ['source', '--config', config, '--output-type', 'err', '--no-progress'];
	const result = await run(bin, args, { cwd: dir }).catch((error: { stdout?: string }) => error);
	return result.stdout ?? '';
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'etcd-wizard-layers-'));
	for (const [path, text] of Object.entries(planted)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), `${text}\n`);
	}
	for (const file of [
		'.dependency-cruiser.cjs',
		'.dependency-cruiser-runtime.cjs',
		'tsconfig.json',
	]) {
		cpSync(join(root, file), join(dir, file));
	}
	writeFileSync(join(dir, 'package.json'), '{"type":"module","dependencies":{"ssh2":"*"}}\n');
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	output = [
		await cruise('.dependency-cruiser.cjs'),
		await cruise('.dependency-cruiser-runtime.cjs'),
	].join('\n');
	output = stripVTControlCharacters(output);
}, 60_000);

afterAll(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const violations = () =>
	output
		.split('\n')
		.filter((line) => line.trim().startsWith('error '))
		.map((line) => line.trim().replace(/^error /, ''));

describe('the layer rules', () => {
	it.each([
		['views-and-state-reach-no-io', 'source/ui/shared/bad-ssh.ts'],
		['views-and-state-reach-no-io', 'source/state/shared/bad-chain.ts'],
		['plan-render-reach-no-ssh', 'source/plan/bad-ssh.ts'],
		['pure-core-reaches-no-io', 'source/shell/bad-fs.ts'],
		['events-import-nothing', 'source/events/bad-engine.ts'],
		['layer:events', 'source/events/bad-engine.ts'],
		['layer:cluster', 'source/cluster/bad-up.ts'],
		['peers:ui/rekey', 'source/ui/rekey/bad-peer.ts'],
		['every-import-has-a-layer', 'source/store/bad-new.ts'],
		['no-cycle', 'source/run/cycle-'],
	])('%s refuses %s', (rule, file) => {
		expect(violations().some((v) => v.startsWith(`${rule}: ${file}`))).toBe(true);
	});

	it('lets a type-only import of the SSH layer from a view pass, and nothing else', () => {
		expect(violations().filter((v) => v.includes('ok-type'))).toEqual([]);
		expect(
			violations().filter(
				(v) => /: source\/(ssh|shell\/quote|ui\/shared\/theme)/.test(v) && !v.includes('bad'),
			),
		).toEqual([]);
	});
});
