import type { Dispatch } from 'react';
import type {
	RekeyAction,
	RekeyEffects,
	RekeyRunName,
	RekeyState,
} from '../../state/rekey/types.js';
import { failureOf } from '../../state/shared/failure.js';
import { unlockedPassphrase } from '../../state/shared/key-unlock.js';
import { type AnswerHostKey, useHostReach } from '../shared/use-host-reach.js';
import { useKeyCheck } from '../shared/use-key-check.js';
import { useLatest } from '../shared/use-latest.js';
import { useRunWhile } from '../shared/use-run-while.js';

/**
 * Runs what the state asks for (checking the SSH key, connecting, issuing a client certificate,
 * the rekey run) and feeds the events and results back as actions. Leaving the run's state (a
 * stop answered yes) aborts its AbortController. Returns the answer to the open host key
 * question.
 */
export function useRekeyEffects(
	state: RekeyState,
	dispatch: Dispatch<RekeyAction>,
	effects: RekeyEffects,
	clock: () => number,
): AnswerHostKey {
	const latest = useLatest(state);
	const { reach, release, answer } = useHostReach<RekeyRunName>(dispatch, clock);
	/** The result of `attempt` of `run` as an action, or its failure. */
	const settle = async <T>(
		run: RekeyRunName,
		attempt: number,
		work: Promise<T>,
		done: (result: T) => RekeyAction,
	) => {
		try {
			dispatch(done(await work));
		} catch (error) {
			dispatch({ type: 'run-failed', run, attempt, failure: failureOf(error) });
		}
	};

	useKeyCheck(state.key, effects.checkKey, (checked) => dispatch({ ...checked, at: clock() }));

	const { connect, run, client } = state;
	useRunWhile(
		connect.status === 'running' ? `connect-${connect.attempt}` : undefined,
		(signal) => {
			const passphrase = unlockedPassphrase(latest.current.key);
			const hosts = { ...reach('connect', signal), ...(passphrase ? { passphrase } : {}) };
			return settle('connect', connect.attempt, effects.prepare(hosts), (overview) => ({
				type: 'prepared',
				attempt: connect.attempt,
				overview,
			}));
		},
		release,
	);

	useRunWhile(run.status === 'running' ? `run-${run.attempt}` : undefined, (signal) => {
		const s = latest.current;
		const members = s.mode === 'ca' ? (s.overview?.members ?? []) : s.chosen;
		const { onUnknownHostKey: _ask, ...hosts } = reach('run', signal);
		return settle('run', run.attempt, effects.rekey(s.mode, members, hosts), (result) => ({
			type: 'rekeyed',
			attempt: run.attempt,
			result,
		}));
	});

	const issuing = client.status === 'issuing';
	useRunWhile(issuing ? `issue-${client.name}-${client.replace}` : undefined, async () => {
		const { name, days, replace } = latest.current.client;
		try {
			const issued = await effects.issueClient({ name, days: Number(days), overwrite: replace });
			dispatch({ type: 'client-issued', issued });
		} catch (error) {
			if ((error as Error).name === 'ClientCertificateExistsError') {
				dispatch({ type: 'client-exists' });
			} else dispatch({ type: 'client-failed', message: failureOf(error).message });
		}
	});

	return answer;
}
