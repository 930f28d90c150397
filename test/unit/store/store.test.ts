import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_DIR_ENV, openWizardStore, RECENT_LIMIT } from '../../../source/store/index.js';

let dir: string;
const env = () => ({ [CONFIG_DIR_ENV]: dir });

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'wizard-store-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('openWizardStore', () => {
	it('keeps recent cluster files, newest first, once each, at most RECENT_LIMIT', () => {
		const store = openWizardStore(env());
		expect(store.recentFiles()).toEqual([]);
		for (let i = 0; i < RECENT_LIMIT + 2; i++) store.rememberFile(`/srv/c${i}/cluster.yaml`);
		store.rememberFile('/srv/c3/cluster.yaml');
		const again = openWizardStore(env()).recentFiles();
		expect(again).toHaveLength(RECENT_LIMIT);
		expect(again.slice(0, 3)).toEqual([
			'/srv/c3/cluster.yaml',
			'/srv/c9/cluster.yaml',
			'/srv/c8/cluster.yaml',
		]);
		expect(new Set(again).size).toBe(again.length);
	});

	it('stores answers in the directory given, 0600, dropping keys it does not know', async () => {
		const store = openWizardStore(env());
		store.rememberAnswers({ sshUser: 'ops', interface: 'wg0', passphrase: 'hunter2' } as never);
		expect(openWizardStore(env()).lastAnswers()).toEqual({ sshUser: 'ops', interface: 'wg0' });
		const file = join(dir, 'config.json');
		expect(await readFile(file, 'utf8')).not.toContain('hunter2');
		expect((await stat(file)).mode & 0o777).toBe(0o600);
	});

	it('reads a hand-edited file defensively', async () => {
		await writeFile(
			join(dir, 'config.json'),
			JSON.stringify({ recentFiles: ['/a', 3], answers: { sshUser: 7, user: 'etcd' } }),
		);
		const store = openWizardStore(env());
		expect(store.recentFiles()).toEqual(['/a']);
		expect(store.lastAnswers()).toEqual({ user: 'etcd' });
	});
});
