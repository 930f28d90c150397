import { dirname, resolve } from 'node:path';
import { Box, Text } from 'ink';
import { DEFAULTS } from '../cluster/index.js';
import { formatHealthTable } from '../health/index.js';
import { StepFrame } from './step-frame.js';
import { type StepProps, useTint, useUi } from './ui-context.js';

/**
 * Step 13: the health table, and where the cluster file and certificates are. Enter or q
 * quits; WizardApp takes those keys, so one typed as this shows is not lost.
 */
export function DoneStep({ state }: Pick<StepProps, 'state'>) {
	const tint = useTint();
	const { width } = useUi();
	const result = state.result;
	if (!result) return null;
	const { health, clusterFile } = result;
	const pki = resolve(dirname(clusterFile), state.base?.pki.dir ?? DEFAULTS.pki.dir);
	return (
		<StepFrame step="done" hints="Enter or q quit">
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
				{[
					['cluster file', clusterFile],
					['certificates', `${pki} (ca.key stays here, never uploaded)`],
					['again', `etcd-wizard apply ${clusterFile}`],
					['health', `etcd-wizard health ${clusterFile}`],
				].map(([label = '', text]) => (
					<Text key={label} wrap="truncate-end">
						{label.padEnd(14)}
						{text}
					</Text>
				))}
			</Box>
		</StepFrame>
	);
}
