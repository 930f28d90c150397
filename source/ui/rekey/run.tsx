import { Box, Text } from 'ink';
import { formatHealthTable } from '../../health/format-table.js';
import type { RekeyAction, RekeyState } from '../../state/rekey/types.js';
import { countOf } from '../../state/shared/words.js';
import { FailureView } from '../shared/failure-view.js';
import { PassphrasePrompt } from '../shared/passphrase-prompt.js';
import { ProgressPane } from '../shared/progress-pane.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { shortFingerprint } from './inventory.js';
import { RekeyFrame } from './rekey-frame.js';

interface RunScreenProps {
	readonly state: RekeyState;
	/** The clock the spinners and elapsed times are drawn for. */
	readonly now: number;
}

/** Before connecting: the SSH key checked and, when it is encrypted, its passphrase asked. */
export function KeyScreen({
	state,
	dispatch,
}: {
	readonly state: RekeyState;
	readonly dispatch: (action: RekeyAction) => void;
}) {
	const { key, hosts, cluster } = state;
	return (
		<RekeyFrame
			title="SSH key"
			cluster={cluster}
			hints={key.status === 'asking' ? 'Enter unlock · Esc quit' : 'Ctrl-C quit'}
		>
			<PassphrasePrompt
				unlock={key}
				purpose={`connect to the ${countOf(hosts.length, 'host')} of cluster ${cluster}`}
				dispatch={dispatch}
			/>
		</RekeyFrame>
	);
}

/** Connecting: a live line per host (connect, facts), then the failure and its next step. */
export function ConnectScreen({ state, now }: RunScreenProps) {
	const { width, color } = useUi();
	const { connect } = state;
	return (
		<RekeyFrame
			title={`Connecting to ${state.hosts.length} hosts`}
			cluster={state.cluster}
			hints={connect.status === 'failed' ? 'r try again · q quit' : 'Ctrl-C quit'}
		>
			<ProgressPane state={connect.progress} now={now} width={width} color={color} />
			{connect.failure ? <FailureView failure={connect.failure} /> : null}
		</RekeyFrame>
	);
}

const RUN_HINTS = {
	running: 'Ctrl-C stop (asks first)',
	confirm: 'y stop · n keep going',
	stopping: 'Ctrl-C quit at once',
	failed: 'q quit',
} as const;

/** The live per-node pane of a renewal or rotation; Ctrl-C asks before stopping. */
export function RunScreen({ state, now }: RunScreenProps) {
	const tint = useTint();
	const { width, color } = useUi();
	const { run } = state;
	const mode = run.confirmStop
		? 'confirm'
		: run.status === 'failed' || run.status === 'stopping'
			? run.status
			: 'running';
	return (
		<RekeyFrame
			title={state.mode === 'ca' ? 'Rotating the CA' : 'Renewing member certificates'}
			cluster={state.cluster}
			hints={RUN_HINTS[mode]}
		>
			<ProgressPane state={run.progress} now={now} width={width} color={color} />
			{mode === 'confirm' ? (
				<Box marginTop={1}>
					<Text color={tint('yellow')} bold wrap="wrap">
						Stop the re-key? The member being changed gets its previous files back; members already
						done keep their new certificates. (y/n)
					</Text>
				</Box>
			) : null}
			{mode === 'stopping' ? (
				<Text color={tint('yellow')}>Stopping after the current step…</Text>
			) : null}
			{run.failure ? <FailureView failure={run.failure} /> : null}
		</RekeyFrame>
	);
}

/** The end: the health table, the serials each member now presents, the CA they trust. */
export function DoneScreen({ state }: { readonly state: RekeyState }) {
	const tint = useTint();
	const { width } = useUi();
	const result = state.run.result;
	if (!result) return null;
	const { health } = result;
	const restarts =
		result.restarted.length === 0
			? 'no restart'
			: `restarted one at a time: ${result.restarted.join(', ')}`;
	return (
		<RekeyFrame
			title={result.mode === 'ca' ? 'CA rotated' : 'Certificates renewed'}
			cluster={state.cluster}
			hints="Enter or q quit"
		>
			<Text color={tint(health.cluster.healthy ? 'green' : 'red')} bold>
				{health.cluster.healthy
					? `${health.cluster.name} is healthy: ${health.members.length} members`
					: `${health.cluster.name} is not healthy`}
			</Text>
			<Box flexDirection="column" marginTop={1}>
				{formatHealthTable(health, width)
					.split('\n')
					.map((line, index) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: table lines have no other identity
						<Text key={index} wrap="truncate-end">
							{line}
						</Text>
					))}
			</Box>
			<Box flexDirection="column" marginTop={1}>
				<Text bold>Now presenting</Text>
				{result.members.map((m) => (
					<Text key={m.name} wrap="truncate-end">
						{`  ${m.name.padEnd(16)} server ${m.serverSerial.slice(0, 16)}  peer ${m.peerSerial.slice(0, 16)}`}
					</Text>
				))}
				<Text wrap="truncate-end">
					{`  ${result.mode === 'ca' ? 'new CA' : 'same CA'} SHA256 ${shortFingerprint(result.caFingerprint)}; ${restarts}`}
				</Text>
			</Box>
		</RekeyFrame>
	);
}
