import { chmod, cp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki } from '../../../source/pki/index.js';
import { SLOW, tempDirs } from './helpers.js';

/** ensurePki's dry run (the plan's, issue #16 finding 4): the same answer, nothing written. */
const dirs = tempDirs();
const members = [
	{ name: 'etcd1', ip: '10.88.0.11' },
	{ name: 'etcd2', ip: '10.88.0.12' },
];
let base: string;

beforeAll(async () => {
	base = join(await dirs.make(), 'pki');
	await ensurePki(base, 'homelab', members.slice(0, 1));
}, SLOW.timeout);
afterAll(() => dirs.cleanup());

async function listing(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return Promise.all(
		entries.map(async (e) => {
			const path = join(e.parentPath, e.name);
			const { mode } = await stat(path);
			const bytes = e.isFile() ? (await readFile(path)).toString('base64') : '';
			return `${path} ${mode.toString(8)} ${bytes}`;
		}),
	);
}

describe('ensurePki with dryRun', () => {
	it(
		'issues a new member in memory and reports what a real run would, writing nothing',
		async () => {
			const dir = join(await dirs.make(), 'pki');
			await cp(base, dir, { recursive: true });
			await chmod(join(dir, 'admin.key'), 0o644);
			const before = await listing(dir);
			const planned = await ensurePki(dir, 'homelab', members, { dryRun: true });
			expect(await listing(dir)).toEqual(before);
			expect(planned.actions).toContainEqual({
				file: 'admin.key',
				action: 'kept',
				reason: 'mode to be narrowed to 0600',
			});
			const applied = await ensurePki(dir, 'homelab', members);
			expect(planned.actions.map((a) => [a.file, a.action])).toEqual(
				applied.actions.map((a) => [a.file, a.action]),
			);
			expect(planned.caCert).toBe(applied.caCert);
			expect(planned.members.get('etcd1')).toEqual(applied.members.get('etcd1'));
		},
		SLOW.timeout,
	);
});
