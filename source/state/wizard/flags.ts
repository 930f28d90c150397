import type { SettingValue } from '../../cluster/types.js';

/** The settings the tuning step asks for in fields of their own. */
export const TUNING_SETTINGS = {
	heartbeat: 'heartbeat-interval',
	electionTimeout: 'election-timeout',
	snapshotCount: 'snapshot-count',
	quotaBackendBytes: 'quota-backend-bytes',
	compactionMode: 'auto-compaction-mode',
	compactionRetention: 'auto-compaction-retention',
} as const;

const OWN_FIELD = new Set<string>(Object.values(TUNING_SETTINGS));

/** Extra etcd flags as typed: the settings read, and why any word could not be read. */
export interface ParsedFlags {
	readonly settings: Readonly<Record<string, SettingValue>>;
	readonly errors: readonly string[];
}

/** `300` -> 300, `true` -> true, anything else stays text (etcd reads the type it needs). */
export function settingValue(text: string): SettingValue {
	if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
	if (text === 'true' || text === 'false') return text === 'true';
	return text;
}

/** Reads `key=value` words separated by spaces, e.g. `log-level=warn max-txn-ops=256`. */
export function parseExtraFlags(text: string): ParsedFlags {
	const settings: Record<string, SettingValue> = {};
	const errors: string[] = [];
	for (const word of text.split(/\s+/).filter((w) => w !== '')) {
		const equals = word.indexOf('=');
		const key = equals > 0 ? word.slice(0, equals) : '';
		if (key === '') {
			errors.push(`"${word}" needs the form key=value, e.g. log-level=warn`);
		} else if (OWN_FIELD.has(key)) {
			errors.push(`${key} has its own field above; set it there`);
		} else if (Object.hasOwn(settings, key)) {
			errors.push(`${key} is given twice; keep one`);
		} else {
			settings[key] = settingValue(word.slice(equals + 1));
		}
	}
	return { settings, errors };
}

/** The settings a tuning field does not hold, as `key=value` words (for an opened file). */
export function formatExtraFlags(settings: Readonly<Record<string, SettingValue>>): string {
	return Object.entries(settings)
		.filter(([key]) => !OWN_FIELD.has(key))
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(' ');
}
