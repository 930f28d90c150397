import type { StampedEvent } from '../../events/progress-state.js';
import type { Problem } from '../../events/refused.js';
import type {
	Inventory,
	InventoryEntry,
	IssuedClientCertificate,
	RekeyResult,
} from '../../rekey/types.js';
import type { KeyInputAction, KeyUnlock, KeyUnlockAction } from '../shared/key-unlock.js';
import type { Failure, HostKeyQuestion, HostsReach, KeyCheck, RunState } from '../shared/types.js';

/** The screens of `etcd-wizard rekey` on a terminal, in the order they usually come. */
export type RekeyScreen =
	| 'key'
	| 'connect'
	| 'inventory'
	| 'menu'
	| 'members'
	| 'client'
	| 'issued'
	| 'plan'
	| 'run'
	| 'done';

/** Renew member certificates (same CA) or rotate the CA. */
export type RekeyMode = 'renew' | 'ca';

/** The entries of the menu. */
export type RekeyChoice = 'renew' | 'ca' | 'client' | 'quit';

/** What the screen knows after connecting: nothing has changed anywhere yet. */
export interface RekeyOverview {
	readonly inventory: Inventory;
	/** Hosts with an address on the cluster interface. */
	readonly members: readonly string[];
	/** What stops a renewal (a client certificate needs no host). */
	readonly problems: readonly Problem[];
	/** What stops a CA rotation: the renewal's problems and more. */
	readonly caProblems: readonly Problem[];
}

/** The extra client certificate's fields, as typed. */
export interface ClientForm {
	readonly name: string;
	readonly days: string;
	readonly field: 'name' | 'days';
	/** Enter was pressed once: every field's problem shows, not only those of typed fields. */
	readonly submitted: boolean;
	/** `replace?` is asked when the files exist; `issuing` while they are written. */
	readonly status: 'editing' | 'replace?' | 'issuing';
	/** Replace existing files (answered yes). */
	readonly replace: boolean;
	/** Why the last issue failed. */
	readonly error?: string;
}

/** A client certificate just issued, and its row for the inventory. */
export interface IssuedClient {
	readonly issued: Omit<IssuedClientCertificate, 'certPem'>;
	readonly entry: InventoryEntry;
}

/** A rekey run: the live pane, the Ctrl-C question, and its result. */
export interface RekeyRun extends RunState {
	readonly confirmStop: boolean;
	readonly result?: RekeyResult;
}

/** Everything the re-key screen shows; built only by `rekeyReducer`. */
export interface RekeyState {
	readonly screen: RekeyScreen;
	/** The cluster file's name for the cluster, and its hosts. */
	readonly cluster: string;
	readonly hosts: readonly string[];
	/** The SSH key, opened (its passphrase asked when encrypted) before connecting. */
	readonly key: KeyUnlock;
	readonly connect: RunState;
	readonly question?: HostKeyQuestion;
	readonly overview?: RekeyOverview;
	/** The inventory row selected. */
	readonly selected: number;
	/** The menu entry highlighted when the menu opens. */
	readonly choice: RekeyChoice;
	readonly mode: RekeyMode;
	/** Members to renew; every member unless chosen (or given with --member). */
	readonly chosen: readonly string[];
	readonly memberCursor: number;
	readonly client: ClientForm;
	readonly issued?: IssuedClient;
	/** Why the screen cannot go on, shown in red. */
	readonly blocker?: string;
	readonly run: RekeyRun;
	/** Set when the screen is to close, with the exit code. */
	readonly exit?: number;
	/** The terminal went away during a run: the exit code to close with once the run has settled. */
	readonly exitWhenSettled?: number;
}

/** Which of the two long runs an event or failure belongs to. */
export type RekeyRunName = 'connect' | 'run';

export type RekeyAction =
	/** The key's check; `at` starts the connect pane when the key opens. */
	| (Extract<KeyUnlockAction, { type: 'key-checked' }> & { readonly at: number })
	| KeyInputAction
	| { readonly type: 'run-event'; readonly run: RekeyRunName; readonly event: StampedEvent }
	| { readonly type: 'host-key-asked'; readonly question: HostKeyQuestion }
	| { readonly type: 'host-key-answered' }
	| { readonly type: 'prepared'; readonly attempt: number; readonly overview: RekeyOverview }
	| {
			readonly type: 'run-failed';
			readonly run: RekeyRunName;
			readonly attempt: number;
			readonly failure: Failure;
	  }
	| { readonly type: 'rekeyed'; readonly attempt: number; readonly result: RekeyResult }
	| { readonly type: 'retry'; readonly at: number }
	| { readonly type: 'move'; readonly delta: number }
	| { readonly type: 'open-menu' }
	| { readonly type: 'choose'; readonly choice: RekeyChoice }
	| { readonly type: 'back' }
	| { readonly type: 'toggle-member' }
	| { readonly type: 'toggle-all' }
	| { readonly type: 'members-chosen' }
	| { readonly type: 'client-typed'; readonly field: ClientForm['field']; readonly value: string }
	| { readonly type: 'client-submit' }
	| { readonly type: 'client-exists' }
	| { readonly type: 'replace-answered'; readonly replace: boolean }
	| { readonly type: 'client-issued'; readonly issued: IssuedClient }
	| { readonly type: 'client-failed'; readonly message: string }
	| { readonly type: 'confirm'; readonly at: number }
	| { readonly type: 'interrupt' }
	/** SIGTERM or SIGHUP: stop without asking, close once every member is finished or put back. */
	| { readonly type: 'terminate' }
	| { readonly type: 'stop-answered'; readonly stop: boolean }
	| { readonly type: 'quit' };

/**
 * Everything the re-key screen does outside itself; `runRekeyApp` passes the engine, tests pass
 * fakes. Failures reject with an Error for the operator (`hint`, `problems` shown when present).
 */
export interface RekeyEffects {
	/** Whether the cluster's key file opens without a passphrase, or with the one typed. */
	checkKey(passphrase?: string): Promise<KeyCheck>;
	/**
	 * Connects (with the key's passphrase, when it needs one), gathers facts, reads the local
	 * PKI and lists every certificate; changes nothing.
	 */
	prepare(reach: HostsReach & { readonly passphrase?: string }): Promise<RekeyOverview>;
	/** The plan, as lines to read before saying yes. */
	plan(mode: RekeyMode, members: readonly string[]): string;
	/** Renews the members' certificates or rotates the CA, then checks health. */
	rekey(
		mode: RekeyMode,
		members: readonly string[],
		reach: Omit<HostsReach, 'onUnknownHostKey'>,
	): Promise<RekeyResult>;
	/**
	 * Issues a client certificate from the local CA; rejects with an error named
	 * `ClientCertificateExistsError` when its files exist and `overwrite` is false.
	 */
	issueClient(request: {
		readonly name: string;
		readonly days: number;
		readonly overwrite: boolean;
	}): Promise<IssuedClient>;
}
