import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lazyEffects } from '../../../source/commands/wizard.js';
import { clusterSpec } from '../render/fixtures.js';
import { memoryStore } from '../state/wizard/fake-effects.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

const SPEC = clusterSpec();

describe('lazyEffects', () => {
	it('loads the engine once, on the first effect or the preload, and passes calls through', async () => {
		const { store } = memoryStore();
		const asked: unknown[] = [];
		let loads = 0;
		const { effects, preload } = lazyEffects(store, async () => {
			loads++;
			const { effects: engine } = lazyEffects(store, async () => {
				throw new Error('not used');
			});
			return {
				...engine,
				openCluster: async (file) => {
					asked.push(file);
					return SPEC;
				},
			};
		});
		expect(loads).toBe(0);
		expect(effects.store).toBe(store);
		preload();
		preload();
		expect(await effects.openCluster('/srv/a/cluster.yaml')).toBe(SPEC);
		expect(await effects.openCluster('/srv/b/cluster.yaml')).toBe(SPEC);
		expect(loads).toBe(1);
		expect(asked).toEqual(['/srv/a/cluster.yaml', '/srv/b/cluster.yaml']);
	});

	it('a failed load is the failure of each effect that needs the engine; the preload stays quiet', async () => {
		const { effects, preload } = lazyEffects(memoryStore().store, async () => {
			throw new Error('Cannot find module ssh2');
		});
		preload();
		await expect(effects.loadTemplates()).rejects.toThrow('Cannot find module ssh2');
		await expect(effects.checkIdentity('~/.ssh/id_ed25519')).rejects.toThrow(
			'Cannot find module ssh2',
		);
	});
});

/** The files the wizard's command loads before its first frame: its static imports, followed. */
async function staticallyLoaded(entry: string): Promise<string[]> {
	const bin = join(root, 'node_modules', '.bin', 'depcruise');
	const args = [entry, '--config', '.dependency-cruiser-runtime.cjs', '--output-type', 'json'];
	const { stdout } = await run(bin, [...args, '--no-progress'], {
		cwd: root,
		maxBuffer: 64 * 1024 * 1024,
	});
	const { modules } = JSON.parse(stdout) as {
		modules: { source: string; dependencies: { resolved: string; dynamic: boolean }[] }[];
	};
	const edges = new Map(modules.map((m) => [m.source, m.dependencies]));
	const seen = new Set([entry]);
	const queue = [entry];
	for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
		for (const dependency of edges.get(next) ?? []) {
			if (dependency.dynamic || seen.has(dependency.resolved)) continue;
			seen.add(dependency.resolved);
			queue.push(dependency.resolved);
		}
	}
	return [...seen];
}

describe('the wizard before its first frame', () => {
	it('loads no engine: ssh2, node-forge, the reach, the runs and the preflight runs come after', async () => {
		const loaded = await staticallyLoaded('source/commands/wizard.tsx');
		expect(loaded).toContain('source/ui/wizard/wizard-app.tsx');
		expect(
			loaded.filter((path) =>
				/ssh2|node-forge|^source\/(reach|run|pki|ssh)\/|^source\/preflight\/(index|run-)/.test(
					path,
				),
			),
		).toEqual([]);
	}, 60_000);
});
