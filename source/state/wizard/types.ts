import type { ClusterSpec, HostSpec } from '../../cluster/types.js';
import type { ClusterHealth } from '../../health/index.js';
import type { CheckReport } from '../../preflight/types.js';
import type { Templates } from '../../render/index.js';
import type { HostFacts } from '../../shell/facts.js';
import type { HostKeyQuestion, KeyCheck, RunState } from '../shared/types.js';

/** The wizard's steps, in the order issue 4 lists them. */
export const STEPS = [
	'start',
	'name',
	'ssh',
	'hosts',
	'connect',
	'interface',
	'ports',
	'owner',
	'release',
	'tuning',
	'review',
	'provision',
	'done',
] as const;

export type StepId = (typeof STEPS)[number];

/** Fields typed as text (`hostName`/`hostAddress` edit the host being added or edited). */
export type TextField =
	| 'name'
	| 'dir'
	| 'sshUser'
	| 'sshPort'
	| 'identityFile'
	| 'passphrase'
	| 'hostName'
	| 'hostAddress'
	| 'clientPort'
	| 'peerPort'
	| 'user'
	| 'group'
	| 'uid'
	| 'gid'
	| 'version'
	| 'downloadUrl'
	| 'checksumUrl'
	| 'tarball'
	| 'heartbeat'
	| 'electionTimeout'
	| 'snapshotCount'
	| 'quotaBackendBytes'
	| 'compactionRetention'
	| 'extraFlags';

/** Fields answered by picking one of a list. */
export type ChoiceField = 'identity' | 'interface' | 'release' | 'source' | 'compactionMode';

export type FieldId = TextField | ChoiceField;

/** Where the etcd release comes from. */
export type ReleaseSource = 'upstream' | 'mirror' | 'tarball';

/**
 * Every answer as typed, so a field can hold a half-typed value while its problem shows.
 * `toClusterSpec` turns them into a spec. The passphrase lives only here, in memory.
 */
export interface Answers {
	readonly name: string;
	/** Where cluster.yaml and pki/ go; '' means ./<name>. */
	readonly dir: string;
	readonly sshUser: string;
	readonly sshPort: string;
	/** 'agent', 'other' (typed in `identityFile`), or one of the key files offered. */
	readonly identity: string;
	readonly identityFile: string;
	readonly passphrase: string;
	readonly hosts: readonly HostSpec[];
	readonly interface: string;
	readonly clientPort: string;
	readonly peerPort: string;
	readonly user: string;
	readonly group: string;
	readonly uid: string;
	readonly gid: string;
	/** One of RELEASES' versions, or 'other' (typed in `version`). */
	readonly release: string;
	readonly version: string;
	readonly source: ReleaseSource;
	readonly downloadUrl: string;
	readonly checksumUrl: string;
	readonly tarball: string;
	readonly heartbeat: string;
	readonly electionTimeout: string;
	readonly snapshotCount: string;
	readonly quotaBackendBytes: string;
	/** '' leaves auto-compaction off. */
	readonly compactionMode: string;
	readonly compactionRetention: string;
	/** More etcd flags: `key=value` separated by spaces. */
	readonly extraFlags: string;
}

/** What the wizard knows about the machine it runs on; read once before the first frame. */
export interface WizardEnv {
	/** Absolute; relative paths typed in the wizard resolve against it. */
	readonly cwd: string;
	/** Private keys found as ~/.ssh/id_*, written with `~`. */
	readonly identityFiles: readonly string[];
	/** SSH_AUTH_SOCK is set. */
	readonly agentAvailable: boolean;
	/** Cluster files opened or written before, newest first. */
	readonly recentFiles: readonly string[];
}

/** The host being added (`index` undefined) or edited. */
export interface HostDraft {
	readonly index?: number;
	readonly name: string;
	readonly address: string;
	readonly focus: 0 | 1;
}

/** The start menu's lists of recent files: to open, to check the health of, to re-key. */
export type StartMenu = 'main' | 'open' | 'health' | 'rekey';

/**
 * A health check of a recent file: first whether the cluster's key file needs a passphrase
 * (`checking`), then the passphrase asked masked (`asking`), then the check itself (`ready`).
 */
export interface HealthBusy {
	readonly kind: 'health';
	readonly file: string;
	readonly key: 'checking' | 'asking' | 'ready';
	/** Kept in memory for this check only: dropped when the start step is left. */
	readonly passphrase: string;
	/** The encrypted key file, once known. */
	readonly identityFile?: string;
	/** The passphrase typed last did not open the key. */
	readonly wrong?: boolean;
}

/** The start step: its menu, then the recent file to open or check. */
export interface StartState {
	readonly menu: StartMenu;
	/** A recent file being opened or checked. */
	readonly busy?: { readonly kind: 'open'; readonly file: string } | HealthBusy;
	readonly error?: string;
}

/**
 * The SSH step's look at a key file: as KeyCheck, or `unusable` when there is no private key
 * to read there (`reason` says why: no such file, not readable, a public key, ...).
 */
export type IdentityFileCheck =
	| KeyCheck
	| { readonly status: 'unusable'; readonly identityFile: string; readonly reason: string };

/**
 * The SSH step's look at the chosen key file before it is left: `checking` it (with the
 * passphrase typed, if any), or it turned out encrypted and the passphrase is `needed`, or the
 * one typed is `wrong`, or the file holds no private key (`unusable`, with the `reason`).
 * `idle` otherwise; any change of the key or passphrase makes it idle.
 * The passphrase itself stays in `Answers` only.
 */
export interface IdentityCheck {
	readonly status: 'idle' | 'checking' | 'needed' | 'wrong' | 'unusable';
	/** Why the file is `unusable`. */
	readonly reason?: string;
	/** Bumped on every check, so a late answer to an earlier one is ignored. */
	readonly attempt: number;
	/** The key file checked, as the answers name it (`~/...` or absolute). */
	readonly file?: string;
}

/** How the wizard ends: an exit code, or a hand-off to re-key the certificates of a file. */
export type WizardExit = number | { readonly rekey: string };

export interface WizardState {
	readonly step: StepId;
	readonly env: WizardEnv;
	readonly answers: Answers;
	/** The answers a new cluster starts from (defaults and the last run's answers). */
	readonly defaults: Answers;
	/** The cluster file that was opened: the keys the wizard does not ask are kept from it. */
	readonly base?: ClusterSpec;
	/** Index into `stepFields(state)`. */
	readonly focus: number;
	readonly start: StartState;
	readonly identityCheck: IdentityCheck;
	readonly hostCursor: number;
	readonly draft?: HostDraft;
	readonly connect: RunState;
	/** What each host looks like, by host name: gathered by the connect step. */
	readonly facts: ReadonlyMap<string, HostFacts>;
	readonly question?: HostKeyQuestion;
	readonly templates?: Templates;
	readonly templatesError?: string;
	readonly review: { readonly tab: number; readonly scroll: number };
	/**
	 * The preflight checks, run on arriving at the tuning step (the interface, ports, owner and
	 * release are chosen by then); their round trips fill the heartbeat and election timeout.
	 */
	readonly preflight: RunState & { readonly report?: CheckReport };
	readonly provision: RunState & { readonly confirmStop: boolean };
	/** The health table of the done step, and the cluster file it is for. */
	readonly result?: { readonly health: ClusterHealth; readonly clusterFile: string };
	/** Set when the wizard should end: the exit code, or the file to re-key next. */
	readonly exit?: WizardExit;
}
