import type { ProgressState } from '../../events/progress-state.js';
import type { EmitEvent } from '../../events/run-event.js';

/**
 * The types every screen's state shares (the wizard, the re-key screen, the health view):
 * what a long run looks like, how it fails, the host key question, and the look at a key file.
 */

/** A failure of an effect, in words for the operator. */
export interface Failure {
	readonly message: string;
	/** What to do next. */
	readonly hint?: string;
	/** More lines: the problems of a refused plan, or a command's stderr tail. */
	readonly details: readonly string[];
	/** Ctrl-C stopped it. */
	readonly aborted: boolean;
}

/** Long work a screen runs: probing hosts, provisioning, a health check, a re-key run. */
export interface RunState {
	readonly status: 'idle' | 'running' | 'stopping' | 'done' | 'failed';
	/** Bumped on every start, so a late result of an earlier run is ignored. */
	readonly attempt: number;
	readonly progress: ProgressState;
	readonly failure?: Failure;
}

/** A host key never seen before, waiting for the operator's yes or no. */
export interface HostKeyQuestion {
	readonly host: string;
	readonly port: number;
	readonly fingerprint: string;
	readonly keyType: string;
}

/** How an effect reaches the hosts: events for the live pane, host key questions for a person. */
export interface HostsReach {
	readonly signal: AbortSignal;
	readonly emit: EmitEvent;
	/** A host key not yet in known_hosts; true trusts and records it. */
	readonly onUnknownHostKey: (question: HostKeyQuestion) => Promise<boolean>;
}

/**
 * Whether the key file a cluster file names opens: `ok` (no key file, not encrypted, the
 * passphrase given opens it, or a problem the health check itself will name), else which one.
 */
export type KeyCheck =
	| { readonly status: 'ok' }
	| { readonly status: 'needed' | 'wrong'; readonly identityFile: string };

/** A problem shown under a form's field: an error stops the step, a warning or a note informs. */
export interface FieldProblem {
	readonly severity: 'error' | 'warning' | 'note';
	readonly message: string;
}
