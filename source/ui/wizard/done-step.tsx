import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { DEFAULTS } from '../../cluster/defaults.js';
import { formatHealthTable } from '../../health/format-table.js';
import { fitBlocks, Lines, textLine, useBodyRows } from '../shared/fit.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

/**
 * Step 13: the health table, and where the cluster file and certificates are. Enter or q
 * quits; WizardApp takes those keys, so one typed as this shows is not lost. A member's
 * problems under the table show as many as fit, the rest counted, `health` showing them all.
 */
export function DoneStep({ state }: Pick<StepProps, 'state'>) {
	const tint = useTint();
	const { width } = useUi();
	const rows = useBodyRows();
	const result = state.result;
	if (!result) return null;
	const { health, clusterFile } = result;
	const pki = resolve(dirname(clusterFile), state.base?.pki.dir ?? DEFAULTS.pki.dir);
	const [cluster = '', ...rest] = formatHealthTable(health, width).split('\n');
	// The table's rows (borders, header, a row per member), then the members' problems.
	const tableRows = health.members.length + 4;
	const table = [cluster, ...rest.slice(0, tableRows)].map((line, index) =>
		textLine(`table-${index}`, 0, line),
	);
	const reasons = rest
		.slice(tableRows)
		.map((line, index) => [textLine(`reason-${index}`, 0, line)]);
	const status = health.cluster.healthy
		? `${health.cluster.name} is healthy: ${health.members.length} members`
		: `${health.cluster.name} is not healthy`;
	const where = (label: string, text: string) => textLine(label, 0, `${label.padEnd(14)}${text}`);
	// Beside the cluster file (the default), the PKI dir is named short, so the note fits.
	const near = relative(dirname(clusterFile), pki);
	const pkiText =
		near !== '' && !near.startsWith('..') && !isAbsolute(near)
			? `${near}/ beside the cluster file (ca.key stays there, never uploaded)`
			: `${pki} (ca.key stays here, never uploaded)`;
	const files = [
		textLine('files-gap', 0, ''),
		where('cluster file', clusterFile),
		where('certificates', pkiText),
	];
	const healthLine = where('health', `etcd-wizard health ${clusterFile}`);
	const head = [
		textLine('status', 0, status, {
			color: tint(health.cluster.healthy ? 'green' : 'red'),
			bold: true,
		}),
		textLine('gap', 0, ''),
		...table,
	];
	const room = rows - head.length - files.length - 1;
	const more = (count: number) => textLine('reasons-more', 0, `… and ${count} more problems`);
	const shown = reasons.length > 0 ? fitBlocks(reasons, room, more) : [];
	const again =
		room - shown.length >= 1 ? [where('again', `etcd-wizard apply ${clusterFile}`)] : [];
	return (
		<StepFrame step="done" hints="Enter or q quit">
			<Lines lines={[...head, ...shown, ...files, ...again, healthLine]} />
		</StepFrame>
	);
}
