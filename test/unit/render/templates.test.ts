import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTemplates, packageRoot } from '../../../source/render/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

describe('packageRoot', () => {
	let dir: string | undefined;
	afterEach(() => {
		if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
	});

	it('finds the repository from source/ and from dist/', () => {
		expect(packageRoot()).toBe(REPO);
		expect(packageRoot(join(REPO, 'dist', 'render', 'templates.js'))).toBe(REPO);
	});

	it('finds the nearest package.json above a file', () => {
		dir = mkdtempSync(join(tmpdir(), 'render-root-'));
		mkdirSync(join(dir, 'dist', 'render'), { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{}');
		expect(packageRoot(join(dir, 'dist', 'render', 'templates.js'))).toBe(dir);
	});
});

describe('loadTemplates', () => {
	it('reads the three templates, each with its placeholders', async () => {
		const templates = await loadTemplates();
		expect(templates.etcdConf).toContain('initial-cluster: {{initialCluster}}\n');
		expect(templates.service).toContain('ExecStart={{binDir}}/etcd --config-file {{configFile}}\n');
		expect(templates.etcdctlEnv).toContain('ETCDCTL_ENDPOINTS=https://127.0.0.1:{{clientPort}}\n');
	});
});
