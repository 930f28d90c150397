/**
 * The one event stream of long work (apply, rekey, health, check). The Ink pane, the plain
 * line reporter and the JSON reporter all render these; nothing else reports progress.
 */
export type RunEvent =
	| { readonly type: 'phase'; readonly title: string }
	| {
			readonly type: 'node-step-started';
			readonly node: string;
			readonly step: string;
			readonly title: string;
	  }
	| {
			readonly type: 'node-step-done';
			readonly node: string;
			readonly step: string;
			/** false when the step found nothing to do. */
			readonly changed: boolean;
			readonly detail?: string;
	  }
	| {
			readonly type: 'node-step-failed';
			readonly node: string;
			readonly step: string;
			readonly error: string;
			/** The last lines the failing command wrote to stderr. */
			readonly stderrTail?: readonly string[];
			/** What the operator should do next. */
			readonly hint?: string;
	  }
	| {
			readonly type: 'log';
			readonly level: 'info' | 'warn' | 'error';
			readonly node?: string;
			readonly message: string;
	  };

export type EmitEvent = (event: RunEvent) => void;
