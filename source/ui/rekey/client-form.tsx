import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { clientFormProblems } from '../../state/rekey/client-form.js';
import type { ClientForm, RekeyAction, RekeyState } from '../../state/rekey/types.js';
import { useTint } from '../shared/ui-context.js';
import { shortFingerprint } from './inventory.js';
import { RekeyFrame } from './rekey-frame.js';

/** Columns a field's label takes. */
const LABEL_WIDTH = 20;

const LABELS: Readonly<Record<ClientForm['field'], string>> = {
	name: 'Name',
	days: 'Validity (days)',
};

interface FieldProps {
	readonly form: ClientForm;
	readonly field: ClientForm['field'];
	readonly problem: string | undefined;
	readonly dispatch: (action: RekeyAction) => void;
}

function Field({ form, field, problem, dispatch }: FieldProps) {
	const tint = useTint();
	const focused = form.field === field;
	const editing = focused && form.status === 'editing';
	return (
		<Box flexDirection="column">
			<Box>
				<Box width={LABEL_WIDTH} flexShrink={0}>
					<Text bold={focused}>{`${focused ? '›' : ' '} ${LABELS[field]}`}</Text>
				</Box>
				{editing ? (
					<TextInput
						value={form[field]}
						onChange={(value) => dispatch({ type: 'client-typed', field, value })}
						onSubmit={() => dispatch({ type: 'client-submit' })}
					/>
				) : (
					<Text>{form[field]}</Text>
				)}
			</Box>
			{problem ? (
				<Box marginLeft={LABEL_WIDTH}>
					<Text color={tint('red')} wrap="wrap">
						✘ {problem}
					</Text>
				</Box>
			) : null}
		</Box>
	);
}

const HINTS: Readonly<Record<ClientForm['status'], string>> = {
	editing: 'Enter next field, then issue · ↑↓ field · Esc back',
	'replace?': 'y replace · n or Esc keep it',
	issuing: 'issuing…',
};

/** A client certificate's name and validity, checked as typed; then issued from the local CA. */
export function ClientFormScreen({
	state,
	dispatch,
}: {
	readonly state: RekeyState;
	readonly dispatch: (action: RekeyAction) => void;
}) {
	const tint = useTint();
	const form = state.client;
	const problems = clientFormProblems(form);
	return (
		<RekeyFrame
			title="Issue a client certificate"
			cluster={state.cluster}
			hints={HINTS[form.status]}
		>
			<Text wrap="wrap">
				A certificate for a client of etcd (extended key usage clientAuth, CN = the name), signed by
				the cluster's CA and kept in pki/clients/. No host is changed.
			</Text>
			<Box flexDirection="column" marginTop={1}>
				<Field form={form} field="name" problem={problems.name} dispatch={dispatch} />
				<Field form={form} field="days" problem={problems.days} dispatch={dispatch} />
			</Box>
			{form.status === 'replace?' ? (
				<Box marginTop={1}>
					<Text bold color={tint('yellow')} wrap="wrap">
						pki/clients/{form.name}.crt exists. Replace it and its key? (y/n)
					</Text>
				</Box>
			) : null}
			{form.status === 'issuing' ? <Text color={tint('yellow')}>Issuing {form.name}…</Text> : null}
			{form.error ? (
				<Text color={tint('red')} wrap="wrap">
					✘ {form.error}
				</Text>
			) : null}
		</RekeyFrame>
	);
}

/** What was written: the files, subject, serial, end and the CA a server must trust. */
export function IssuedScreen({ state }: { readonly state: RekeyState }) {
	const tint = useTint();
	const issued = state.issued?.issued;
	if (!issued) return null;
	const lines: [string, string][] = [
		['certificate', issued.certFile],
		['key', `${issued.keyFile} (0600)`],
		['subject', `${issued.subject} · clientAuth`],
		['serial', issued.serial],
		['not after', `${issued.notAfter}${issued.cappedByCa ? ' (the CA ends then)' : ''}`],
		['trust CA', `${issued.caFile} (SHA256 ${shortFingerprint(issued.caFingerprint)})`],
	];
	return (
		<RekeyFrame
			title="Client certificate issued"
			cluster={state.cluster}
			hints="Enter or Esc back to the inventory · q quit"
		>
			<Text bold color={tint('green')}>
				✔ {issued.name}
			</Text>
			{lines.map(([label, text]) => (
				<Box key={label} paddingLeft={2}>
					<Box width={13} flexShrink={0}>
						<Text>{label}</Text>
					</Box>
					<Text wrap="wrap">{text}</Text>
				</Box>
			))}
		</RekeyFrame>
	);
}
