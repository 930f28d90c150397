import { dirname } from 'node:path';
import { DEFAULTS } from '../../cluster/defaults.js';
import type { ClusterSpec } from '../../cluster/types.js';
import type { StoredAnswers } from '../../store/types.js';
import { formatExtraFlags, TUNING_SETTINGS } from './flags.js';
import { OTHER_RELEASE, RELEASES, UPSTREAM } from './releases.js';
import type { Answers, ReleaseSource, WizardEnv } from './types.js';

const SOURCES: readonly string[] = ['upstream', 'mirror', 'tarball'];

/** The identity choice for a key file: one of those offered, else 'other'. */
function identityChoice(file: string | undefined, env: WizardEnv): string {
	if (file === undefined || file === 'agent') return env.agentAvailable ? 'agent' : 'other';
	return env.identityFiles.includes(file) ? file : 'other';
}

/** The release choice for a version: one of the list, else 'other'. */
function releaseChoice(version: string): string {
	return RELEASES.some((r) => r.version === version) ? version : OTHER_RELEASE;
}

/**
 * The answers of a new cluster: design.md's defaults, then what was answered last time.
 * `dir` is the directory given on the command line.
 */
export function defaultAnswers(env: WizardEnv, dir = '', stored: StoredAnswers = {}): Answers {
	const identity =
		stored.identity ?? env.identityFiles[0] ?? (env.agentAvailable ? 'agent' : undefined);
	const version = stored.version ?? DEFAULTS.etcd.version;
	const source = SOURCES.includes(stored.source ?? '')
		? (stored.source as ReleaseSource)
		: 'upstream';
	const str = (value: number) => String(value);
	return {
		name: '',
		dir,
		sshUser: stored.sshUser ?? DEFAULTS.ssh.user,
		sshPort: stored.sshPort ?? str(DEFAULTS.ssh.port),
		identity: identityChoice(identity, env),
		identityFile: identity === undefined || identity === 'agent' ? '' : identity,
		passphrase: '',
		hosts: [],
		interface: stored.interface ?? DEFAULTS.etcd.interface,
		clientPort: stored.clientPort ?? str(DEFAULTS.etcd.clientPort),
		peerPort: stored.peerPort ?? str(DEFAULTS.etcd.peerPort),
		user: stored.user ?? DEFAULTS.etcd.user,
		group: stored.group ?? DEFAULTS.etcd.group,
		uid: '',
		gid: '',
		release: releaseChoice(version),
		version,
		source,
		downloadUrl: source === 'mirror' ? (stored.downloadUrl ?? '') : '',
		checksumUrl: source === 'mirror' ? (stored.checksumUrl ?? '') : '',
		tarball: '',
		heartbeat: str(DEFAULTS.etcd.settings['heartbeat-interval'] as number),
		electionTimeout: str(DEFAULTS.etcd.settings['election-timeout'] as number),
		snapshotCount: '',
		quotaBackendBytes: '',
		compactionMode: '',
		compactionRetention: '',
		extraFlags: '',
	};
}

/** The answers that write `spec` back as it is; `path` is where the file was read from. */
export function answersFromSpec(spec: ClusterSpec, path: string, env: WizardEnv): Answers {
	const { ssh, etcd } = spec;
	const setting = (key: keyof typeof TUNING_SETTINGS) => {
		const value = etcd.settings[TUNING_SETTINGS[key]];
		return value === undefined ? '' : String(value);
	};
	const source: ReleaseSource =
		etcd.tarball !== undefined
			? 'tarball'
			: etcd.downloadUrl === UPSTREAM.downloadUrl && etcd.checksumUrl === UPSTREAM.checksumUrl
				? 'upstream'
				: 'mirror';
	const identity = ssh.agent ? 'agent' : identityChoice(ssh.identityFile, env);
	return {
		...defaultAnswers(env),
		name: spec.name,
		dir: dirname(path),
		sshUser: ssh.user,
		sshPort: String(ssh.port),
		identity,
		identityFile: ssh.identityFile ?? '',
		hosts: spec.hosts,
		interface: etcd.interface,
		clientPort: String(etcd.clientPort),
		peerPort: String(etcd.peerPort),
		user: etcd.user,
		group: etcd.group,
		uid: etcd.uid === undefined ? '' : String(etcd.uid),
		gid: etcd.gid === undefined ? '' : String(etcd.gid),
		release: releaseChoice(etcd.version),
		version: etcd.version,
		source,
		downloadUrl: source === 'mirror' ? (etcd.downloadUrl ?? '') : '',
		checksumUrl: source === 'mirror' ? (etcd.checksumUrl ?? '') : '',
		tarball: etcd.tarball ?? '',
		heartbeat: setting('heartbeat'),
		electionTimeout: setting('electionTimeout'),
		snapshotCount: setting('snapshotCount'),
		quotaBackendBytes: setting('quotaBackendBytes'),
		compactionMode: setting('compactionMode'),
		compactionRetention: setting('compactionRetention'),
		extraFlags: formatExtraFlags(etcd.settings),
	};
}

/** What is remembered for the next run: never the passphrase, the hosts or the name. */
export function storedAnswersOf(answers: Answers, version: string): StoredAnswers {
	const mirror = answers.source === 'mirror';
	return {
		sshUser: answers.sshUser,
		sshPort: answers.sshPort,
		identity: answers.identity === 'other' ? answers.identityFile : answers.identity,
		interface: answers.interface,
		clientPort: answers.clientPort,
		peerPort: answers.peerPort,
		user: answers.user,
		group: answers.group,
		version,
		source: answers.source,
		...(mirror ? { downloadUrl: answers.downloadUrl, checksumUrl: answers.checksumUrl } : {}),
	};
}
