import type { Reporter } from './reporter.js';
import { managedSettingSource, wizardSettingReason } from './schema.js';
import { capped, quoted } from './shown.js';
import type { SettingValue } from './types.js';
import { versionAtLeast } from './version.js';

type Settings = Readonly<Record<string, SettingValue>>;

const MAX_ELECTION_TIMEOUT = 50_000;
/** etcd's docs suggest at most 8 GiB of backend quota. */
export const QUOTA_WARNING_BYTES = 8 * 1024 ** 3;
const COMPACTION_MODES = ['periodic', 'revision'];

const at = (key: string) => ['etcd', 'settings', key];

/**
 * etcd flags in `etcd.settings`: pass through, except flags the wizard renders itself, flags
 * the chosen version dropped, and the values etcd would refuse to start with.
 * `version` is undefined when it is malformed (version checks are then skipped).
 */
export function validateSettings(
	settings: Settings,
	version: string | undefined,
	report: Reporter,
): void {
	for (const [key, value] of Object.entries(settings)) {
		checkKey(key, version, report);
		checkFinite(key, value, report);
	}
	const heartbeat = positiveInteger(settings, 'heartbeat-interval', 'milliseconds', report);
	const election = positiveInteger(settings, 'election-timeout', 'milliseconds', report);
	if (heartbeat !== undefined && election !== undefined) {
		if (election < 5 * heartbeat) {
			report.error(
				at('election-timeout'),
				`${election} must be at least 5 x heartbeat-interval (${heartbeat})`,
			);
		} else if (election > MAX_ELECTION_TIMEOUT) {
			report.error(
				at('election-timeout'),
				`${election} must be at most ${MAX_ELECTION_TIMEOUT} (etcd's limit)`,
			);
		}
	}
	positiveInteger(settings, 'snapshot-count', 'applied entries', report);
	const quota = positiveInteger(settings, 'quota-backend-bytes', 'bytes', report);
	if (quota !== undefined && quota > QUOTA_WARNING_BYTES) {
		report.warning(
			at('quota-backend-bytes'),
			`${quota} is above 8 GiB (${QUOTA_WARNING_BYTES}), the most etcd's docs suggest; a larger database slows recovery and defragmentation`,
		);
	}
	const mode = settings['auto-compaction-mode'];
	if (mode !== undefined && !COMPACTION_MODES.includes(String(mode))) {
		report.error(
			at('auto-compaction-mode'),
			`${quoted(String(mode))} must be "periodic" or "revision"`,
		);
	}
}

function checkKey(key: string, version: string | undefined, report: Reporter): void {
	const source = managedSettingSource(key);
	if (key.startsWith('-')) {
		report.error(
			at(key),
			`write etcd flag names without leading dashes, e.g. ${quoted(key.replace(/^-+/, ''))}`,
			'key',
		);
	} else if (source !== undefined) {
		report.error(at(key), `is set by etcd-wizard from ${source}; remove it`, 'key');
	} else if (wizardSettingReason(key) !== undefined) {
		report.error(
			at(key),
			`is written by etcd-wizard itself (${wizardSettingReason(key)}); remove it`,
			'key',
		);
	} else if (key.includes('_')) {
		report.warning(
			at(key),
			`etcd flag names use '-', not '_'; did you mean ${quoted(key.replaceAll('_', '-'))}?`,
			'key',
		);
	} else if (version !== undefined && key === 'enable-v2' && versionAtLeast(version, 3, 6)) {
		report.error(
			at(key),
			`was removed in etcd 3.6 (etcd.version is ${capped(version)}); remove it`,
			'key',
		);
	} else if (
		version !== undefined &&
		key.startsWith('experimental-') &&
		versionAtLeast(version, 3, 7)
	) {
		report.warning(
			at(key),
			`etcd 3.7 moved the experimental-* flags to feature gates (feature-gates: "Name=true") or to names without the prefix; see etcd's upgrade notes for ${capped(version)}`,
			'key',
		);
	}
}

/** YAML's `.inf`, `-.inf` and `.nan` are numbers etcd's config file cannot hold. */
function checkFinite(key: string, value: SettingValue, report: Reporter): void {
	if (typeof value !== 'number' || Number.isFinite(value)) return;
	report.error(
		at(key),
		`is ${value}, not a finite number: etcd cannot read it; write a number such as 128 (or put the value in quotes for a string)`,
	);
}

/** The setting as a positive whole number; undefined (reported) when it is not, or absent. */
function positiveInteger(
	settings: Settings,
	key: string,
	unit: string,
	report: Reporter,
): number | undefined {
	const value = settings[key];
	if (value === undefined) return undefined;
	if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
	const shown = typeof value === 'string' ? quoted(value) : capped(String(value));
	report.error(at(key), `${shown} must be a positive whole number (${unit})`);
	return undefined;
}
