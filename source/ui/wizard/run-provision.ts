import type { Dispatch } from 'react';
import { failureOf } from '../../state/shared/failure.js';
import type { WizardAction } from '../../state/wizard/actions.js';
import { storedAnswersOf } from '../../state/wizard/answers.js';
import type { Effects, ReachHosts } from '../../state/wizard/effects.js';
import { clusterFilePath, toClusterSpec } from '../../state/wizard/spec.js';
import type { WizardState } from '../../state/wizard/types.js';

/** Saves cluster.yaml, remembers the answers, then applies; every outcome becomes an action. */
export async function runProvision(
	state: WizardState,
	effects: Effects,
	dispatch: Dispatch<WizardAction>,
	reach: ReachHosts,
): Promise<void> {
	const { attempt } = state.provision;
	const spec = toClusterSpec(state);
	const file = clusterFilePath(state.answers, state.env);
	try {
		await effects.saveCluster(file, spec);
		try {
			effects.store.rememberFile(file);
			effects.store.rememberAnswers(storedAnswersOf(state.answers, spec.etcd.version));
		} catch (error) {
			// Losing the defaults for next time must not stop the cluster being made.
			reach.emit({
				type: 'log',
				level: 'warn',
				message: `answers not remembered: ${(error as Error).message}`,
			});
		}
		const { onUnknownHostKey: _, ...options } = reach;
		const { status, report } = state.preflight;
		const preflightPassed = status === 'done' && report?.ok === true;
		const result = await effects.apply(spec, file, { ...options, preflightPassed });
		dispatch({ type: 'provision-done', attempt, health: result.health });
	} catch (error) {
		dispatch({ type: 'run-failed', run: 'provision', attempt, failure: failureOf(error) });
	}
}
