import { isAbsolute, resolve } from 'node:path';
import { applyDefaults } from '../../cluster/defaults.js';
import type { ClusterSpec, SettingValue } from '../../cluster/types.js';
import { STRING_SETTINGS } from '../../render/etcd-settings.js';
import { parseExtraFlags, settingValue, TUNING_SETTINGS } from './flags.js';
import { byteSize, wholeNumber } from './numbers.js';
import { checksumUrlBeside, OTHER_RELEASE, UPSTREAM } from './releases.js';
import type { Answers, FieldId, WizardEnv } from './types.js';

/** The spec the answers make, and the fields whose text could not be read as a value. */
export interface BuiltSpec {
	readonly spec: ClusterSpec;
	/** Reasons for text that is not a number, a size or `key=value` words. */
	readonly errors: Partial<Record<FieldId, readonly string[]>>;
}

/** What the answers need besides themselves: where paths resolve, and an opened file. */
export interface SpecContext {
	readonly env: WizardEnv;
	readonly base?: ClusterSpec;
}

/** `~/...` and absolute paths stay; others resolve against the directory the wizard runs in. */
function localPath(path: string, cwd: string): string {
	const trimmed = path.trim();
	if (trimmed === '' || trimmed === '~' || trimmed.startsWith('~/') || isAbsolute(trimmed)) {
		return trimmed;
	}
	return resolve(cwd, trimmed);
}

/** The directory the answers put cluster.yaml in, absolute. */
export function clusterDir(answers: Answers, env: WizardEnv): string {
	return resolve(env.cwd, answers.dir.trim() || `./${answers.name.trim()}`);
}

/** The cluster file the wizard writes: `<dir>/cluster.yaml`. */
export function clusterFilePath(answers: Answers, env: WizardEnv): string {
	return resolve(clusterDir(answers, env), 'cluster.yaml');
}

/** The identity file chosen or typed, or undefined for the agent. */
export function identityFileOf(answers: Answers, cwd: string): string | undefined {
	if (answers.identity === 'agent') return undefined;
	return localPath(answers.identity === 'other' ? answers.identityFile : answers.identity, cwd);
}

/** The etcd version chosen from the list or typed. */
export function versionOf(answers: Answers): string {
	return answers.release === OTHER_RELEASE ? answers.version.trim() : answers.release;
}

function releaseKeys(answers: Answers, cwd: string) {
	switch (answers.source) {
		case 'upstream':
			return UPSTREAM;
		case 'mirror': {
			const downloadUrl = answers.downloadUrl.trim();
			// Undefined when neither typed nor derivable, so the validator asks for it.
			const checksumUrl = answers.checksumUrl.trim() || checksumUrlBeside(downloadUrl) || undefined;
			return { downloadUrl, checksumUrl };
		}
		case 'tarball':
			return { tarball: localPath(answers.tarball, cwd) };
	}
}

/**
 * Builds the spec the answers describe. Text that is no number is reported in `errors` and left
 * out (or, for etcd settings, passed as text so the cluster validators name the problem).
 * Nothing is validated here: run `validateCluster` on the spec.
 */
export function buildSpec(answers: Answers, { env, base }: SpecContext): BuiltSpec {
	const errors: Partial<Record<FieldId, readonly string[]>> = {};
	const whole = (field: FieldId & keyof Answers, example: string): number | undefined => {
		const parsed = wholeNumber(String(answers[field]), example);
		if (parsed.error) errors[field] = [parsed.error];
		return parsed.value;
	};
	const settings: Record<string, SettingValue> = {};
	const typed = (field: keyof typeof TUNING_SETTINGS, text: string) => {
		const key = TUNING_SETTINGS[field];
		const value = text.trim();
		if (value !== '') settings[key] = STRING_SETTINGS.has(key) ? value : settingValue(value);
	};
	typed('heartbeat', answers.heartbeat);
	typed('electionTimeout', answers.electionTimeout);
	typed('snapshotCount', answers.snapshotCount);
	const quota = byteSize(answers.quotaBackendBytes);
	if (quota.error) errors.quotaBackendBytes = [quota.error];
	else if (quota.value !== undefined) settings[TUNING_SETTINGS.quotaBackendBytes] = quota.value;
	if (answers.compactionMode !== '') {
		typed('compactionMode', answers.compactionMode);
		typed('compactionRetention', answers.compactionRetention);
	}
	const extra = parseExtraFlags(answers.extraFlags);
	if (extra.errors.length > 0) errors.extraFlags = extra.errors;
	const identityFile = identityFileOf(answers, env.cwd);
	const spec = applyDefaults({
		name: answers.name.trim(),
		ssh: {
			user: answers.sshUser.trim(),
			port: whole('sshPort', '22'),
			...(identityFile === undefined ? { agent: true } : { identityFile }),
			knownHostsFile: base?.ssh.knownHostsFile,
		},
		etcd: {
			version: versionOf(answers),
			...releaseKeys(answers, env.cwd),
			interface: answers.interface.trim(),
			clientPort: whole('clientPort', '2379'),
			peerPort: whole('peerPort', '2380'),
			user: answers.user.trim(),
			group: answers.group.trim(),
			uid: whole('uid', '990'),
			gid: whole('gid', '990'),
			confDir: base?.etcd.confDir,
			dataDir: base?.etcd.dataDir,
			binDir: base?.etcd.binDir,
			settings: { ...settings, ...extra.settings },
		},
		pki: { dir: base?.pki.dir },
		hosts: answers.hosts,
	});
	return { spec, errors };
}

/** The cluster spec the answers describe (validate it with `validateCluster`). */
export function toClusterSpec(state: SpecContext & { readonly answers: Answers }): ClusterSpec {
	return buildSpec(state.answers, state).spec;
}
