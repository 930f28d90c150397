import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The text of the files in `templates/`, as the renderers take it. */
export interface Templates {
	readonly etcdConf: string;
	readonly service: string;
	readonly etcdctlEnv: string;
}

/**
 * The package root: the nearest directory above `from` holding package.json. Works from
 * `source/` (tsx, vitest) and from `dist/` alike, since both sit one level below it.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
	let dir = dirname(from);
	while (!existsSync(join(dir, 'package.json'))) {
		const parent = dirname(dir);
		if (parent === dir)
			throw new Error(`no package.json above ${from}: etcd-wizard is installed incompletely`);
		dir = parent;
	}
	return dir;
}

async function readTemplate(root: string, name: string): Promise<string> {
	const path = join(root, 'templates', name);
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`cannot read template ${path} (${reason}): reinstall etcd-wizard`);
	}
}

/** Reads the three templates shipped in the package's `templates/` directory. */
export async function loadTemplates(): Promise<Templates> {
	const root = packageRoot();
	const [etcdConf, service, etcdctlEnv] = await Promise.all([
		readTemplate(root, 'etcd.conf.yml'),
		readTemplate(root, 'etcd.service'),
		readTemplate(root, 'etcdctl.env'),
	]);
	return { etcdConf, service, etcdctlEnv };
}
