import type { EmitEvent } from '../events/run-event.js';
import { CommandError, SshError } from '../ssh/index.js';

/**
 * Runs `work` as one step of one node, reporting start, done or failure with a next step.
 * `hint` replaces the default next step of a failure (an SSH error keeps its own).
 */
export async function nodeStep<T>(
	emit: EmitEvent,
	node: string,
	step: string,
	title: string,
	work: () => Promise<T>,
	hint?: string,
): Promise<T> {
	emit({ type: 'node-step-started', node, step, title });
	try {
		const result = await work();
		emit({ type: 'node-step-done', node, step, changed: true });
		return result;
	} catch (error) {
		const err = error as Error;
		emit({
			type: 'node-step-failed',
			node,
			step,
			error: err.message,
			...(error instanceof CommandError ? { stderrTail: error.stderrTail } : {}),
			hint: error instanceof SshError ? error.hint : (hint ?? nextStepFor(step, node)),
		});
		throw error;
	}
}

/** Runs `work` once as the same step of several nodes (a wait for the whole cluster). */
export async function nodeStepAll<T>(
	emit: EmitEvent,
	nodes: readonly string[],
	step: string,
	title: string,
	work: () => Promise<T>,
): Promise<T> {
	for (const node of nodes) emit({ type: 'node-step-started', node, step, title });
	try {
		const result = await work();
		for (const node of nodes) emit({ type: 'node-step-done', node, step, changed: false });
		return result;
	} catch (error) {
		for (const node of nodes) {
			emit({
				type: 'node-step-failed',
				node,
				step,
				error: (error as Error).message,
				hint: nextStepFor(step, node),
			});
		}
		throw error;
	}
}

/** What the operator should do after `step` failed on `node`. */
function nextStepFor(step: string, node: string): string {
	if (step === 'healthy' || step === 'start' || step === 'restart') {
		return `look at the member's log: journalctl -u etcd -n 50 on ${node}; etcd-wizard check <cluster.yaml> finds blocked ports`;
	}
	return 'fix the cause above and run apply again: finished steps are not repeated';
}
