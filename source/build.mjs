#!/usr/bin/env node
/**
 * `npm run build`: source/ -> dist/ with tsc, incrementally (tsc's build info lives in dist/, so a
 * removed dist/ is built in full), then every output whose source is gone is removed: files move
 * between folders, and a stale dist/ must not keep their old copies.
 *
 * `--if-stale` (`npm start`): builds nothing when dist/ was built from the source as it is now (the
 * same files, none changed since that build began), and only removes what has no source: a few
 * milliseconds, where tsc takes two seconds to find that nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(root, 'source');
const DIST = join(root, 'dist');
const BUILD_INFO = join(DIST, '.tsbuildinfo');
/** What the last good build saw: when it began, and the source files it built. */
const STAMP = join(DIST, '.build-stamp.json');
/** Besides source/, what changes the output. */
const CONFIG = ['tsconfig.json', 'package.json'].map((name) => join(root, name));

/** Every file under `dir`, as paths relative to it ('/' separated). */
async function walk(dir) {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
		.map((path) => path.split('\\').join('/'))
		.sort();
}

/** The output tsc writes for a source file (`a/b.tsx` -> `a/b.js`); undefined for others. */
const outputOf = (source) =>
	/\.tsx?$/.test(source) && !source.endsWith('.d.ts')
		? source.replace(/\.tsx?$/, '.js')
		: undefined;

/** The sources, and whether each has its output in dist/. */
async function sources() {
	const files = (await walk(SOURCE)).filter((path) => outputOf(path) !== undefined);
	const missing = files.filter((path) => !existsSync(join(DIST, outputOf(path) ?? '')));
	return { files, missing };
}

/** Whether dist/ is the build of the source as it is: the same files, none changed since. */
async function isFresh() {
	let stamp;
	try {
		stamp = JSON.parse(await readFile(STAMP, 'utf8'));
	} catch {
		return false;
	}
	const { files, missing } = await sources();
	if (missing.length > 0 || JSON.stringify(files) !== JSON.stringify(stamp.files)) return false;
	const inputs = [...files.map((path) => join(SOURCE, path)), ...CONFIG];
	const times = await Promise.all(inputs.map(async (path) => (await stat(path)).mtimeMs));
	return times.every((time) => time < stamp.startedAt);
}

/** Removes the outputs (and source maps) in dist/ whose source is gone, then empty folders. */
async function prune() {
	const built = new Set((await sources()).files.map(outputOf));
	for (const path of await walk(DIST)) {
		const output = path.replace(/\.map$/, '');
		if (output.endsWith('.js') && !built.has(output)) await rm(join(DIST, path));
	}
	const dirs = (await readdir(DIST, { withFileTypes: true, recursive: true }))
		.filter((entry) => entry.isDirectory())
		.map((entry) => join(entry.parentPath ?? entry.path, entry.name))
		.sort((a, b) => b.length - a.length);
	for (const dir of dirs) await rmdir(dir).catch(() => {});
}

async function build() {
	const startedAt = Date.now();
	const { files, missing } = await sources();
	// tsc trusts its build info: an output removed by hand would not be written again.
	if (missing.length > 0) await rm(BUILD_INFO, { force: true });
	await rm(STAMP, { force: true });
	const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
	const args = ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', BUILD_INFO];
	const run = spawnSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
	if (run.status !== 0) return run.status ?? 1;
	await prune();
	await writeFile(STAMP, `${JSON.stringify({ startedAt, files })}\n`);
	return 0;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && (await isFresh())) await prune();
else process.exitCode = await build();
