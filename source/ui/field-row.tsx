import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { type ChoiceOption, FIELDS } from '../wizard/fields.js';
import type { FieldId } from '../wizard/types.js';
import type { FieldProblem } from '../wizard/validate.js';
import { ChoiceList } from './choice-list.js';
import { useTint } from './ui-context.js';

/** Columns taken by a field's label. */
export const LABEL_WIDTH = 20;

const MARKS: Readonly<Record<FieldProblem['severity'], string>> = {
	error: '✘',
	warning: '!',
	note: 'i',
};

export interface FieldRowProps {
	readonly field: FieldId;
	readonly value: string;
	readonly focused: boolean;
	readonly problems: readonly FieldProblem[];
	readonly placeholder?: string;
	/** The entries of a choice field. */
	readonly options?: readonly ChoiceOption[];
	readonly onChange: (value: string) => void;
	readonly onSubmit: () => void;
	readonly onChoose: (value: string) => void;
	readonly onHighlight?: (value: string) => void;
}

/** Problems and help under a field, indented to its value. */
function Notes({ lines }: { readonly lines: readonly FieldProblem[] }) {
	const tint = useTint();
	const colors = { error: tint('red'), warning: tint('yellow'), note: undefined } as const;
	return (
		<>
			{lines.map((line) => (
				<Box key={line.message} marginLeft={LABEL_WIDTH}>
					<Text color={colors[line.severity]} wrap="wrap">
						{MARKS[line.severity]} {line.message}
					</Text>
				</Box>
			))}
		</>
	);
}

/** One field: label and value; focused, its input, help and every problem; else its errors. */
export function FieldRow(props: FieldRowProps) {
	const { field, value, focused, problems, options } = props;
	const def = FIELDS[field];
	const label = `${focused ? '›' : ' '} ${def.label}`.padEnd(LABEL_WIDTH);
	const shown =
		def.kind === 'secret'
			? '*'.repeat(value.length)
			: (options?.find((o) => o.value === value)?.label ?? value);
	const notes = focused ? problems : problems.filter((p) => p.severity === 'error');
	if (focused && def.kind === 'choice') {
		const items = (options ?? []).map((o) => ({ key: o.value || '-', ...o }));
		const index = Math.max(
			0,
			items.findIndex((item) => item.value === value),
		);
		return (
			<Box flexDirection="column">
				<Text bold>{label}</Text>
				<Box marginLeft={4}>
					<ChoiceList
						items={items}
						initialIndex={index}
						onSelect={props.onChoose}
						onHighlight={(choice) => props.onHighlight?.(choice)}
					/>
				</Box>
				<Notes lines={notes} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			<Box>
				<Box width={LABEL_WIDTH} flexShrink={0}>
					<Text bold={focused}>{label}</Text>
				</Box>
				{focused ? (
					<>
						<TextInput
							value={value}
							onChange={props.onChange}
							onSubmit={props.onSubmit}
							{...(def.kind === 'secret' ? { mask: '*' } : {})}
						/>
						{/* Not TextInput's placeholder: that one is grey even under NO_COLOR. */}
						{value === '' ? <Text dimColor>{props.placeholder ?? ''}</Text> : null}
					</>
				) : (
					<Text wrap="truncate-end" dimColor={shown === ''}>
						{shown === '' ? (props.placeholder ?? '') : shown}
					</Text>
				)}
			</Box>
			{focused && def.help ? (
				<Box marginLeft={LABEL_WIDTH}>
					<Text dimColor wrap="wrap">
						{def.help}
					</Text>
				</Box>
			) : null}
			<Notes lines={notes} />
		</Box>
	);
}
