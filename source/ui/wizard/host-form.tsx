import { Box, Text } from 'ink';
import type { HostDraft } from '../../state/wizard/types.js';
import type { HostsProblems } from '../../state/wizard/validate.js';
import { FieldRow } from '../shared/field-row.js';
import type { StepProps } from './step-props.js';

export interface HostFormProps extends StepProps {
	readonly draft: HostDraft;
	readonly problems: HostsProblems['draft'];
}

/** The host being added or edited: name, then address; Enter on the address saves it. */
export function HostForm({ state, dispatch, draft, problems }: HostFormProps) {
	const error = (message: string | undefined) =>
		message ? [{ severity: 'error' as const, message }] : [];
	const row = (field: 'hostName' | 'hostAddress', index: 0 | 1) => (
		<FieldRow
			field={field}
			value={field === 'hostName' ? draft.name : draft.address}
			focused={draft.focus === index && !state.question}
			problems={error(problems[field])}
			placeholder={field === 'hostName' ? `etcd${state.answers.hosts.length + 1}` : ''}
			onChange={(value) => dispatch({ type: 'set', field, value })}
			onSubmit={() => dispatch({ type: 'submit-field' })}
			onChoose={() => {}}
		/>
	);
	return (
		<Box flexDirection="column">
			<Text bold>{draft.index === undefined ? 'Add a host' : `Edit host ${draft.index + 1}`}</Text>
			{row('hostName', 0)}
			{row('hostAddress', 1)}
		</Box>
	);
}
