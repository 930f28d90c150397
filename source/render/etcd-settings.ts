import type { SettingValue } from '../cluster/types.js';
import { isAtLeast } from './etcd-version.js';

/** What etcd 3.6 put in place of a `--experimental-*` flag: a plain flag, or a feature gate. */
type Replacement =
	| { readonly flag: string }
	| { readonly gate: string }
	| { readonly moveTo: string };

/**
 * etcd 3.6 renamed these flags (some old spellings still work there with a warning) and 3.7
 * removed the old ones; its config file ignores unknown keys, so a stale name would silently do
 * nothing. Sources: 3.6 `embed.experimentalFlagMigrationMap`, `features.ExperimentalFlagToFeatureMap`
 * and the v3.6 -> v3.5 downgrade guide's flag diff.
 */
const REPLACED_IN_3_6: Readonly<Record<string, Replacement>> = {
	'experimental-initial-corrupt-check': { gate: 'InitialCorruptCheck' },
	'experimental-compact-hash-check-enabled': { gate: 'CompactHashCheck' },
	'experimental-enable-lease-checkpoint': { gate: 'LeaseCheckpoint' },
	'experimental-enable-lease-checkpoint-persist': { gate: 'LeaseCheckpointPersist' },
	'experimental-stop-grpc-service-on-defrag': { gate: 'StopGRPCServiceOnDefrag' },
	'experimental-txn-mode-write-with-shared-buffer': { gate: 'TxnModeWriteWithSharedBuffer' },
	'experimental-bootstrap-defrag-threshold-megabytes': {
		flag: 'bootstrap-defrag-threshold-megabytes',
	},
	'experimental-compact-hash-check-time': { flag: 'compact-hash-check-time' },
	'experimental-compaction-batch-limit': { flag: 'compaction-batch-limit' },
	'experimental-compaction-sleep-interval': { flag: 'compaction-sleep-interval' },
	'experimental-corrupt-check-time': { flag: 'corrupt-check-time' },
	'experimental-distributed-tracing-address': { flag: 'distributed-tracing-address' },
	'experimental-distributed-tracing-instance-id': { flag: 'distributed-tracing-instance-id' },
	'experimental-distributed-tracing-sampling-rate': { flag: 'distributed-tracing-sampling-rate' },
	'experimental-distributed-tracing-service-name': { flag: 'distributed-tracing-service-name' },
	'experimental-downgrade-check-time': { flag: 'downgrade-check-time' },
	'experimental-enable-distributed-tracing': { flag: 'enable-distributed-tracing' },
	'experimental-max-learners': { flag: 'max-learners' },
	'experimental-memory-mlock': { flag: 'memory-mlock' },
	'experimental-snapshot-catchup-entries': { flag: 'snapshot-catchup-entries' },
	// A misspelling that etcd 3.5 and 3.6 also read from config files.
	'experimental-snapshot-catch-up-entries': { flag: 'snapshot-catchup-entries' },
	'experimental-warning-apply-duration': { flag: 'warning-apply-duration' },
	'experimental-warning-unary-request-duration': { flag: 'warning-unary-request-duration' },
	'experimental-watch-progress-notify-interval': { flag: 'watch-progress-notify-interval' },
	// In a config file the replacement lives inside peer-transport-security, which we render.
	'experimental-peer-skip-client-san-verification': {
		moveTo: 'peer-transport-security.skip-client-san-verification',
	},
};

/** etcd.settings as they go into the config file, and what was changed on the way, for the operator. */
export interface RenderedSettings {
	readonly settings: Record<string, SettingValue>;
	readonly notes: string[];
}

/** Keys whose value etcd reads as a string even when it looks like a number ("1" = one hour). */
export const STRING_SETTINGS: ReadonlySet<string> = new Set(['auto-compaction-retention']);

/**
 * Turns the operator's etcd.settings into the keys the chosen etcd version reads: on 3.6 and
 * later, `experimental-*` flags become their new names or `feature-gates` entries (merged into any
 * `feature-gates` the operator set; an explicit new-style setting wins over its old spelling).
 * Unknown keys pass through untouched. Values of STRING_SETTINGS become strings.
 */
export function renderEtcdSettings(
	version: string,
	settings: Readonly<Record<string, SettingValue>>,
): RenderedSettings {
	const out: Record<string, SettingValue> = {};
	const notes: string[] = [];
	const translate = isAtLeast(version, 3, 6);
	// undefined: feature-gates is set but unreadable, so it passes through and nothing joins it.
	const gates = translate ? parseGates(settings['feature-gates']) : undefined;
	const explicitGates = new Set(gates?.keys());
	for (const [key, value] of Object.entries(settings)) {
		if (key === 'feature-gates' && gates !== undefined) continue;
		const replacement = translate ? REPLACED_IN_3_6[key] : undefined;
		if (replacement === undefined) {
			out[key] = STRING_SETTINGS.has(key) ? String(value) : value;
		} else if ('flag' in replacement) {
			if (Object.hasOwn(settings, replacement.flag)) {
				notes.push(`etcd.settings: ${key} dropped, ${replacement.flag} is set and wins`);
			} else {
				out[replacement.flag] = value;
				notes.push(`etcd.settings: ${key} written as ${replacement.flag} for etcd ${version}`);
			}
		} else if ('gate' in replacement) {
			notes.push(
				renameToGate(key, value, replacement.gate, { gates, explicitGates, version, out }),
			);
		} else {
			out[key] = value;
			notes.push(
				`etcd.settings: ${key} is ignored by etcd 3.7 and later; it belongs in ${replacement.moveTo}`,
			);
		}
	}
	if (gates !== undefined && gates.size > 0) {
		out['feature-gates'] = [...gates].map(([gate, on]) => `${gate}=${on}`).join(',');
	}
	return { settings: out, notes };
}

interface GateContext {
	readonly gates: Map<string, boolean> | undefined;
	readonly explicitGates: ReadonlySet<string>;
	readonly version: string;
	readonly out: Record<string, SettingValue>;
}

/** Records an experimental boolean flag as a feature gate; returns the note that says so. */
function renameToGate(key: string, value: SettingValue, gate: string, ctx: GateContext): string {
	const on = asBoolean(value);
	if (ctx.explicitGates.has(gate)) {
		return `etcd.settings: ${key} dropped, feature-gates sets ${gate} and wins`;
	}
	if (ctx.gates === undefined || on === undefined) {
		ctx.out[key] = value;
		const why =
			on === undefined ? `${String(value)} is not true or false` : 'feature-gates is unreadable';
		return `etcd.settings: ${key} kept as written (${why}); etcd 3.7 ignores it`;
	}
	ctx.gates.set(gate, on);
	return `etcd.settings: ${key} written as feature-gates ${gate}=${on} for etcd ${ctx.version}`;
}

/** `feature-gates: "A=true,B=false"` as an ordered map: empty when unset, undefined when unreadable. */
function parseGates(value: SettingValue | undefined): Map<string, boolean> | undefined {
	const gates = new Map<string, boolean>();
	if (value === undefined || value === '') return gates;
	if (typeof value !== 'string') return undefined;
	for (const pair of value.split(',')) {
		const [gate, raw, extra] = pair.split('=').map((part) => part.trim());
		const on = raw === undefined ? undefined : asBoolean(raw);
		if (gate === undefined || gate === '' || on === undefined || extra !== undefined) {
			// Leave an unreadable value to etcd's own error message, untouched.
			return undefined;
		}
		gates.set(gate, on);
	}
	return gates;
}

function asBoolean(value: SettingValue): boolean | undefined {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	return undefined;
}
