import { chown, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePki } from '../../../source/pki/index.js';
import { SLOW, tempDirs } from './helpers.js';

/**
 * A pki dir (or ca.key) owned by another user is refused (issue #16, finding 5): that user could
 * swap ca.key. The tests run as root, which may read and chmod anyone's dir, and still must refuse.
 */
const OTHER = 65534;
const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const members = [{ name: 'etcd1', ip: '10.88.0.11' }];

describe('ensurePki refuses a pki dir it does not own', () => {
	it.runIf(process.getuid?.() === 0)(
		'a dir owned by another user: named with its owner, left as it was',
		async () => {
			const dir = join(await dirs.make(), 'pki');
			await mkdir(dir, { mode: 0o755 });
			await chown(dir, OTHER, OTHER);
			const error = await ensurePki(dir, 'homelab', members).catch((e: unknown) => e);
			expect((error as Error).message).toBe(
				`${dir} is owned by uid ${OTHER} (nobody), not by you (uid 0, root): that user could replace ca.key, the key to every member; chown it to yourself (chown -R root ${dir}) or choose another pki.dir`,
			);
			const after = await stat(dir);
			expect(after.mode & 0o777).toBe(0o755);
			await expect(stat(join(dir, 'ca.key'))).rejects.toThrow(/ENOENT/);
		},
		SLOW.timeout,
	);

	it.runIf(process.getuid?.() === 0)(
		'a ca.key owned by another user in a dir of ours',
		async () => {
			const dir = join(await dirs.make(), 'pki');
			await mkdir(dir, { mode: 0o700 });
			await writeFile(join(dir, 'ca.key'), 'not read', { mode: 0o600 });
			await chown(join(dir, 'ca.key'), OTHER, OTHER);
			const error = await ensurePki(dir, 'homelab', members).catch((e: unknown) => e);
			expect((error as Error).message).toBe(
				`${join(dir, 'ca.key')} is owned by uid ${OTHER} (nobody), not by you (uid 0, root): that user could replace ca.key, the key to every member; chown it to yourself (chown -R root ${dir}) or choose another pki.dir`,
			);
		},
		SLOW.timeout,
	);
});
