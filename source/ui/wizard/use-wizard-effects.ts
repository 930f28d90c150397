import type { Dispatch } from 'react';
import type { ClusterSpec } from '../../cluster/types.js';
import { failureOf } from '../../state/shared/failure.js';
import type { KeyCheck } from '../../state/shared/types.js';
import type { RunName, WizardAction } from '../../state/wizard/actions.js';
import type { Effects, ReachHosts } from '../../state/wizard/effects.js';
import { clusterFilePath, toClusterSpec } from '../../state/wizard/spec.js';
import type { WizardState } from '../../state/wizard/types.js';
import { type AnswerHostKey, useHostReach } from '../shared/use-host-reach.js';
import { useLatest } from '../shared/use-latest.js';
import { useRunWhile } from '../shared/use-run-while.js';
import { runProvision } from './run-provision.js';

/**
 * Runs the effect each state asks for (probe, health check, open, templates, provisioning) and
 * feeds their events and results back as actions. Each run owns an AbortController, aborted
 * when its state ends (Esc, a stop, a retry) or the app unmounts; late results are dropped by
 * the reducer, which knows the attempt it waits for.
 */
export function useWizardEffects(
	state: WizardState,
	dispatch: Dispatch<WizardAction>,
	effects: Effects,
	clock: () => number,
): AnswerHostKey {
	const latest = useLatest(state);
	const hosts = useHostReach<RunName>(dispatch, clock);
	const { release } = hosts;
	/** The hosts as `run` reaches them, with the SSH step's passphrase. */
	const reach = (run: RunName, signal: AbortSignal): ReachHosts => {
		const { passphrase } = latest.current.answers;
		return { ...(passphrase ? { passphrase } : {}), ...hosts.reach(run, signal) };
	};
	/** Work on the hosts the answers name: its result, or its failure, becomes an action. */
	const onHosts =
		<T>(
			run: 'connect' | 'preflight',
			attempt: number,
			work: (spec: ClusterSpec, clusterFile: string, reach: ReachHosts) => Promise<T>,
			done: (result: T) => WizardAction,
		) =>
		async (signal: AbortSignal) => {
			const s = latest.current;
			try {
				const file = clusterFilePath(s.answers, s.env);
				dispatch(done(await work(toClusterSpec(s), file, reach(run, signal))));
			} catch (error) {
				dispatch({ type: 'run-failed', run, attempt, failure: failureOf(error) });
			}
		};

	const { step, connect, preflight, provision, start } = state;
	const probing = step === 'connect' && connect.status === 'running';
	useRunWhile(
		probing ? `probe-${connect.attempt}` : undefined,
		onHosts(
			'connect',
			connect.attempt,
			(...a) => effects.probeHosts(...a),
			(facts) => ({
				type: 'connect-done',
				attempt: connect.attempt,
				facts,
			}),
		),
		release,
	);

	// Not tied to a step: the checks go on while the operator types the tuning and reviews.
	useRunWhile(
		preflight.status === 'running' ? `preflight-${preflight.attempt}` : undefined,
		onHosts(
			'preflight',
			preflight.attempt,
			(...a) => effects.preflight(...a),
			(report) => ({
				type: 'preflight-done',
				attempt: preflight.attempt,
				report,
			}),
		),
		release,
	);

	const health = start.busy?.kind === 'health' ? start.busy : undefined;
	useRunWhile(health?.key === 'checking' ? `key-${health.file}` : undefined, async () => {
		const { file, passphrase } = health ?? { file: '', passphrase: '' };
		try {
			const check = await effects.checkKey(file, passphrase || undefined);
			dispatch({ type: 'key-checked', file, check, at: clock() });
		} catch (error) {
			dispatch({ type: 'start-failed', message: (error as Error).message });
		}
	});

	const { identityCheck } = state;
	const keyFile =
		step === 'ssh' && identityCheck.status === 'checking' ? identityCheck.file : undefined;
	useRunWhile(
		keyFile === undefined ? undefined : `identity-${identityCheck.attempt}`,
		async (signal) => {
			if (keyFile === undefined) return;
			const { attempt } = identityCheck;
			const passphrase = latest.current.answers.passphrase || undefined;
			// A key that cannot be checked here lets the step go on: connecting names the problem.
			const check = await effects
				.checkIdentity(keyFile, passphrase)
				.catch((): KeyCheck => ({ status: 'ok' }));
			if (!signal.aborted) dispatch({ type: 'identity-checked', attempt, check });
		},
	);

	const checking = health?.key === 'ready' && connect.status === 'running';
	useRunWhile(
		checking ? `health-${connect.attempt}` : undefined,
		async (signal) => {
			const { attempt } = connect;
			const { file, passphrase } = health ?? { file: '', passphrase: '' };
			// The passphrase asked for this cluster's key, not the one of the wizard's SSH step.
			const { passphrase: _, ...rest } = reach('connect', signal);
			try {
				const result = await effects.checkHealth(file, {
					...rest,
					...(passphrase ? { passphrase } : {}),
				});
				dispatch({ type: 'health-done', attempt, health: result });
			} catch (error) {
				dispatch({ type: 'run-failed', run: 'connect', attempt, failure: failureOf(error) });
			}
		},
		release,
	);

	useRunWhile(start.busy?.kind === 'open' ? `open-${start.busy.file}` : undefined, async () => {
		const file = start.busy?.file ?? '';
		try {
			dispatch({ type: 'cluster-opened', file, spec: await effects.openCluster(file) });
		} catch (error) {
			dispatch({ type: 'start-failed', message: (error as Error).message });
		}
	});

	const needTemplates = step === 'review' && !state.templates && !state.templatesError;
	useRunWhile(needTemplates ? 'templates' : undefined, async () => {
		try {
			dispatch({ type: 'templates-loaded', templates: await effects.loadTemplates() });
		} catch (error) {
			dispatch({ type: 'templates-failed', message: (error as Error).message });
		}
	});

	const provisioning = step === 'provision' && provision.status === 'running';
	useRunWhile(
		provisioning ? `provision-${provision.attempt}` : undefined,
		(signal) => runProvision(latest.current, effects, dispatch, reach('provision', signal)),
		release,
	);

	return hosts.answer;
}
