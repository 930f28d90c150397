import type { RunEvent } from './run-event.js';

/** A run event with the time (ms since the epoch) the caller saw it; see `stampEvents`. */
export type StampedEvent = RunEvent & { readonly at?: number };

/** Where one node stands: before its first step, inside a step, or after its last step. */
export type NodeStatus = 'waiting' | 'running' | 'done' | 'failed';

/** One `log` event as kept for display. */
export type LogLine = {
	readonly level: 'info' | 'warn' | 'error';
	readonly node?: string;
	readonly message: string;
	readonly at?: number;
};

/** Why a node stopped: the step that failed and what the operator should do next. */
export type NodeFailure = {
	readonly step: string;
	/** The failed step's title when its start was seen. */
	readonly title?: string;
	readonly error: string;
	readonly stderrTail: readonly string[];
	readonly hint?: string;
};

/** The progress of one node. */
export type NodeProgress = {
	readonly name: string;
	/** `done` means the last step seen finished; the executor knows whether more follow. */
	readonly status: NodeStatus;
	/** The current (or last) step's id and title. */
	readonly step?: string;
	readonly stepTitle?: string;
	readonly stepStartedAt?: number;
	readonly startedAt?: number;
	readonly finishedAt?: number;
	readonly stepsDone: number;
	/** How many of the done steps changed something on the host. */
	readonly changed: number;
	/** The latest failure; shown while `status` is `failed`. */
	readonly failure?: NodeFailure;
	/** The last `logLimit` log lines about this node. */
	readonly logs: readonly LogLine[];
};

/** Everything the progress pane shows, built only by `progressReducer`. */
export type ProgressState = {
	readonly phase?: string;
	readonly startedAt: number;
	/** Nodes in the order given to `initialProgress`, then in the order first seen. */
	readonly nodes: readonly NodeProgress[];
	/** The last `logLimit` log lines of the whole run. */
	readonly logs: readonly LogLine[];
	readonly logLimit: number;
};

/** How many log lines are kept per node and for the run unless told otherwise. */
const DEFAULT_LOG_LIMIT = 5;

function waitingNode(name: string): NodeProgress {
	return { name, status: 'waiting', stepsDone: 0, changed: 0, logs: [] };
}

/** The state before any event: every node waiting. Duplicate names are kept once. */
export function initialProgress(
	nodes: readonly string[],
	now: number,
	options: { readonly logLimit?: number } = {},
): ProgressState {
	return {
		startedAt: now,
		nodes: [...new Set(nodes)].map(waitingNode),
		logs: [],
		logLimit: Math.max(0, options.logLimit ?? DEFAULT_LOG_LIMIT),
	};
}

function keepLast<T>(items: readonly T[], item: T, limit: number): readonly T[] {
	return limit === 0 ? [] : [...items, item].slice(-limit);
}

/** Applies `change` to the named node, adding it (waiting) first when it is new. */
function updateNode(
	state: ProgressState,
	name: string,
	change: (node: NodeProgress) => NodeProgress,
): ProgressState {
	const index = state.nodes.findIndex((node) => node.name === name);
	const current = state.nodes[index] ?? waitingNode(name);
	const nodes = [...state.nodes];
	if (index === -1) nodes.push(change(current));
	else nodes[index] = change(current);
	return { ...state, nodes };
}

/**
 * Folds one event into the state. Pure: time comes only from the event's `at`, which the caller
 * stamps. Events for nodes not in the initial list add them; a `done` or `failed` without a seen
 * start still counts, so a lost event cannot wedge the pane.
 */
export function progressReducer(state: ProgressState, event: StampedEvent): ProgressState {
	const { at } = event;
	switch (event.type) {
		case 'phase':
			return { ...state, phase: event.title };
		case 'node-step-started':
			return updateNode(state, event.node, (node) => ({
				...node,
				status: 'running',
				step: event.step,
				stepTitle: event.title,
				stepStartedAt: at,
				startedAt: node.startedAt ?? at,
				finishedAt: undefined,
			}));
		case 'node-step-done':
			return updateNode(state, event.node, (node) => {
				const counted = {
					...node,
					stepsDone: node.stepsDone + 1,
					changed: node.changed + (event.changed ? 1 : 0),
					startedAt: node.startedAt ?? at,
				};
				// A late `done` for an earlier step must not hide the step still running.
				if (node.status === 'running' && node.step !== event.step) return counted;
				const sameStep = node.step === event.step;
				return {
					...counted,
					status: 'done',
					step: event.step,
					stepTitle: sameStep ? node.stepTitle : undefined,
					stepStartedAt: sameStep ? node.stepStartedAt : undefined,
					finishedAt: at,
				};
			});
		case 'node-step-failed':
			return updateNode(state, event.node, (node) => {
				const title = node.step === event.step ? node.stepTitle : undefined;
				return {
					...node,
					status: 'failed',
					step: event.step,
					stepTitle: title,
					startedAt: node.startedAt ?? at,
					finishedAt: at,
					failure: {
						step: event.step,
						title,
						error: event.error,
						stderrTail: event.stderrTail ?? [],
						hint: event.hint,
					},
				};
			});
		case 'log': {
			const line: LogLine = { level: event.level, node: event.node, message: event.message, at };
			const withRun = { ...state, logs: keepLast(state.logs, line, state.logLimit) };
			if (event.node === undefined) return withRun;
			return updateNode(withRun, event.node, (node) => ({
				...node,
				logs: keepLast(node.logs, line, state.logLimit),
			}));
		}
		default:
			// An event type this build does not know leaves the state as it was.
			return state;
	}
}
