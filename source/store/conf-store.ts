import { resolve } from 'node:path';
import Conf from 'conf';
import { STORED_ANSWER_KEYS, type StoredAnswers, type WizardStore } from './types.js';

/** How many recent cluster files are kept. */
export const RECENT_LIMIT = 8;

/** The environment variable that moves the store (tests point it at a temporary directory). */
export const CONFIG_DIR_ENV = 'ETCD_WIZARD_CONFIG_DIR';

interface StoreShape {
	recentFiles: string[];
	answers: StoredAnswers;
}

/** Keeps only string values of the known keys: the file may be old or edited by hand. */
export function cleanAnswers(value: unknown): StoredAnswers {
	if (typeof value !== 'object' || value === null) return {};
	const record = value as Record<string, unknown>;
	const answers: Record<string, string> = {};
	for (const key of STORED_ANSWER_KEYS) {
		const item = record[key];
		if (typeof item === 'string') answers[key] = item;
	}
	return answers;
}

/**
 * The store on disk, with conf: in the user's config directory (etcd-wizard), or in
 * `$ETCD_WIZARD_CONFIG_DIR` when set. The file is 0600: it is not secret, but it is nobody
 * else's business which clusters the operator keeps.
 */
export function openWizardStore(env: NodeJS.ProcessEnv = process.env): WizardStore {
	const dir = env[CONFIG_DIR_ENV];
	const conf = new Conf<StoreShape>({
		projectName: 'etcd-wizard',
		...(dir ? { cwd: resolve(dir) } : {}),
		configFileMode: 0o600,
		defaults: { recentFiles: [], answers: {} },
	});
	const recent = (): string[] => {
		const files: unknown = conf.get('recentFiles');
		return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
	};
	return {
		recentFiles: recent,
		rememberFile(path) {
			const absolute = resolve(path);
			const files = [absolute, ...recent().filter((file) => file !== absolute)];
			conf.set('recentFiles', files.slice(0, RECENT_LIMIT));
		},
		lastAnswers: () => cleanAnswers(conf.get('answers')),
		rememberAnswers(answers) {
			conf.set('answers', cleanAnswers(answers));
		},
	};
}
