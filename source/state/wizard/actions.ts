import type { ClusterSpec } from '../../cluster/types.js';
import type { StampedEvent } from '../../events/progress-state.js';
import type { ClusterHealth } from '../../health/index.js';
import type { CheckReport } from '../../preflight/types.js';
import type { Templates } from '../../render/index.js';
import type { HostFacts } from '../../shell/facts.js';
import type { Failure, HostKeyQuestion, KeyCheck } from '../shared/types.js';
import type { ChoiceField, IdentityFileCheck, StartMenu, TextField } from './types.js';

/** Which long work an event or result belongs to: reaching the hosts, the checks, provisioning. */
export type RunName = 'connect' | 'preflight' | 'provision';

/** Everything that can happen to the wizard; `wizardReducer` folds them into the state. */
export type WizardAction =
	/** A field's text changed (typing). */
	| { readonly type: 'set'; readonly field: TextField; readonly value: string }
	/** An entry of a choice field was picked (Enter); moves on like `submit-field`. */
	| { readonly type: 'choose'; readonly field: ChoiceField; readonly value: string }
	/** Up/Down or Tab/Shift-Tab between the fields of a step. */
	| { readonly type: 'focus'; readonly to: 'next' | 'prev' }
	/** Enter in a field: the next field, or the next step after the last one. */
	| { readonly type: 'submit-field'; readonly at?: number }
	/** On to the next step; `at` (ms) stamps a run the step starts. */
	| { readonly type: 'next'; readonly at?: number }
	/** Esc: the previous step (or out of a sub-view), answers kept; `at` stamps a run it starts. */
	| { readonly type: 'back'; readonly at?: number }
	| { readonly type: 'start-menu'; readonly choice: Exclude<StartMenu, 'main'> | 'new' | 'quit' }
	/** A recent file picked: opened, its health checked, or handed to the re-key screen. */
	| { readonly type: 'start-file'; readonly file: string; readonly at?: number }
	/** Whether the key file of the cluster whose health is to be checked needs a passphrase. */
	| {
			readonly type: 'key-checked';
			readonly file: string;
			readonly check: KeyCheck;
			readonly at?: number;
	  }
	/** Typing the key's passphrase before a health check (masked, never stored). */
	| { readonly type: 'start-passphrase'; readonly value: string }
	/** Enter on that passphrase: it is tried on the key. */
	| { readonly type: 'start-unlock' }
	/** The SSH step's key file was read: opens as it is, with the passphrase typed, or not. */
	| {
			readonly type: 'identity-checked';
			readonly attempt: number;
			readonly check: IdentityFileCheck;
	  }
	| { readonly type: 'cluster-opened'; readonly file: string; readonly spec: ClusterSpec }
	| { readonly type: 'start-failed'; readonly message: string }
	/** Open the host form: a new host (`index` undefined) or the one at `index`. */
	| { readonly type: 'host-edit'; readonly index?: number }
	| { readonly type: 'host-save' }
	| { readonly type: 'host-remove'; readonly index: number }
	| { readonly type: 'host-cursor'; readonly index: number }
	| { readonly type: 'run-event'; readonly run: RunName; readonly event: StampedEvent }
	| { readonly type: 'host-key-asked'; readonly question: HostKeyQuestion }
	| { readonly type: 'host-key-answered' }
	| {
			readonly type: 'connect-done';
			readonly attempt: number;
			readonly facts: ReadonlyMap<string, HostFacts>;
	  }
	| { readonly type: 'health-done'; readonly attempt: number; readonly health: ClusterHealth }
	| { readonly type: 'preflight-done'; readonly attempt: number; readonly report: CheckReport }
	| { readonly type: 'provision-done'; readonly attempt: number; readonly health: ClusterHealth }
	| {
			readonly type: 'run-failed';
			readonly run: RunName;
			readonly attempt: number;
			readonly failure: Failure;
	  }
	/** Run the failed connect or provisioning again. */
	| { readonly type: 'retry'; readonly at?: number }
	| { readonly type: 'templates-loaded'; readonly templates: Templates }
	| { readonly type: 'templates-failed'; readonly message: string }
	| { readonly type: 'review-tab'; readonly tab: number }
	| { readonly type: 'review-scroll'; readonly delta: number; readonly max: number }
	/** Ctrl-C. */
	| { readonly type: 'interrupt' }
	| { readonly type: 'stop-answered'; readonly stop: boolean }
	/** Leave from the done step or after a failed provisioning. */
	| { readonly type: 'quit' };
