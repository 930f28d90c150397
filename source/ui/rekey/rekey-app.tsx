import { useEffect, useReducer } from 'react';
import { rekeyReducer } from '../../state/rekey/reducer.js';
import type { RekeyEffects, RekeyState } from '../../state/rekey/types.js';
import { anyLive } from '../../state/shared/runs.js';
import { AppShell, type ScreenOptions } from '../shared/app-shell.js';
import { MembersScreen, MenuScreen, PlanScreen } from './choices.js';
import { ClientFormScreen, IssuedScreen } from './client-form.js';
import { InventoryScreen } from './inventory.js';
import { useRekeyKeys } from './keys.js';
import { useRekeyEffects } from './rekey-effects.js';
import { ConnectScreen, DoneScreen, KeyScreen, RunScreen } from './run.js';

/** As the wizard's: the clock, the size to fit and colour are for tests to fix. */
export interface RekeyAppProps extends ScreenOptions {
	readonly initial: RekeyState;
	readonly effects: RekeyEffects;
	/** Called once, with the exit code, when the screen closes. */
	readonly onExit: (code: number) => void;
	/** Aborted on SIGTERM or SIGHUP: a run stops as after Ctrl-C and a yes, then the screen closes. */
	readonly terminate?: AbortSignal;
}

/**
 * `etcd-wizard rekey` on a terminal: connects, shows every certificate, offers renewal, CA
 * rotation and client certificates, shows the plan, runs it live and ends with health. Holds
 * the state (the pure rekeyReducer) and runs the effects it asks for; the screens render only.
 */
export function RekeyApp(props: RekeyAppProps) {
	const { effects, onExit } = props;
	const clock = props.clock ?? Date.now;
	const [state, dispatch] = useReducer(rekeyReducer, props.initial);
	const answerHostKey = useRekeyEffects(state, dispatch, effects, clock);
	useRekeyKeys(state, dispatch, clock);
	const { terminate } = props;
	useEffect(() => {
		if (!terminate) return;
		const stop = () => dispatch({ type: 'terminate' });
		if (terminate.aborted) stop();
		terminate.addEventListener('abort', stop, { once: true });
		return () => terminate.removeEventListener('abort', stop);
	}, [terminate]);
	return (
		<AppShell
			options={props}
			state={state}
			live={anyLive(state, ['connect', 'run'])}
			onAnswer={answerHostKey}
			onExit={onExit}
		>
			{(now) => <Screen state={state} dispatch={dispatch} effects={effects} now={now} />}
		</AppShell>
	);
}

interface ScreenProps {
	readonly state: RekeyState;
	readonly dispatch: (action: Parameters<typeof rekeyReducer>[1]) => void;
	readonly effects: RekeyEffects;
	readonly now: number;
}

function Screen({ state, dispatch, effects, now }: ScreenProps) {
	switch (state.screen) {
		case 'key':
			return <KeyScreen state={state} dispatch={dispatch} />;
		case 'connect':
			return <ConnectScreen state={state} now={now} />;
		case 'inventory':
			return <InventoryScreen state={state} />;
		case 'menu':
			return <MenuScreen state={state} dispatch={dispatch} />;
		case 'members':
			return <MembersScreen state={state} />;
		case 'client':
			return <ClientFormScreen state={state} dispatch={dispatch} />;
		case 'issued':
			return <IssuedScreen state={state} />;
		case 'plan':
			return <PlanScreen state={state} plan={effects.plan(state.mode, state.chosen)} />;
		case 'run':
			return <RunScreen state={state} now={now} />;
		case 'done':
			return <DoneScreen state={state} />;
	}
}
