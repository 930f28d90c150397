import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { FieldProblem } from '../../state/shared/types.js';
import { type ChoiceOption, FIELDS } from '../../state/wizard/fields.js';
import type { FieldId } from '../../state/wizard/types.js';
import { ChoiceList } from './choice-list.js';
import type { FocusedRows } from './form-fit.js';
import { useTint, useUi } from './ui-context.js';
import { tidyWrap, wrappedCount } from './wrap.js';

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
	/** The help shown while focused, when not the field's own. */
	readonly help?: string;
	/** Focused: whether its help shows (true unless the form needs the rows). */
	readonly showHelp?: boolean;
	/** Focused: how many of its problems show; one row counts the others. All by default. */
	readonly noteLimit?: number;
	/** Focused choice: entries shown at once; the list scrolls. */
	readonly listLimit?: number;
}

/** The value as shown: masked, a choice's label, or as typed. */
function shownValue(props: Pick<FieldRowProps, 'field' | 'value' | 'options'>): string {
	const { field, value, options } = props;
	if (FIELDS[field].kind === 'secret') return '*'.repeat(value.length);
	return options?.find((o) => o.value === value)?.label ?? value;
}

const noteText = (problem: FieldProblem) => `${MARKS[problem.severity]} ${problem.message}`;

/** Rows the focused field takes in `width` columns, part by part (see FieldRow). */
export function focusedRows(props: FieldRowProps, width: number): FocusedRows {
	const def = FIELDS[props.field];
	const inner = width - LABEL_WIDTH;
	const notes = props.problems.map((p) => wrappedCount(noteText(p), inner));
	const helpText = props.help ?? def.help;
	const help = helpText ? wrappedCount(helpText, inner) : 0;
	if (def.kind === 'choice') return { input: 1, items: props.options?.length ?? 0, help, notes };
	const shown = shownValue(props);
	// The cursor is one more column; an empty field shows its placeholder after the cursor.
	const input =
		shown === '' && props.placeholder
			? wrappedCount(props.placeholder, inner - 1)
			: wrappedCount(`${shown} `, inner);
	return { input, help, notes };
}

/** Problems and help under a field, indented to its value; `more` counted on a last row. */
function Notes({
	lines,
	more,
}: {
	readonly lines: readonly FieldProblem[];
	readonly more: number;
}) {
	const tint = useTint();
	const { width } = useUi();
	const colors = { error: tint('red'), warning: tint('yellow'), note: undefined } as const;
	return (
		<>
			{lines.map((line) => (
				<Box key={line.message} marginLeft={LABEL_WIDTH}>
					<Text color={colors[line.severity]} wrap="wrap">
						{tidyWrap(noteText(line), width - LABEL_WIDTH)}
					</Text>
				</Box>
			))}
			{more > 0 ? (
				<Box marginLeft={LABEL_WIDTH}>
					<Text dimColor>{`… and ${more} more`}</Text>
				</Box>
			) : null}
		</>
	);
}

/**
 * One field. Focused: its input (or list), help and every problem. Otherwise one row: label,
 * value, and its first error beside them, cut at the edge (focusing it shows it whole).
 */
export function FieldRow(props: FieldRowProps) {
	const { field, value, focused, problems, options } = props;
	const tint = useTint();
	const { width } = useUi();
	const def = FIELDS[field];
	const label = `${focused ? '›' : ' '} ${def.label}`.padEnd(LABEL_WIDTH);
	const shown = shownValue(props);
	if (!focused) {
		const error = problems.find((p) => p.severity === 'error');
		return (
			<Box>
				<Box width={LABEL_WIDTH} flexShrink={0}>
					<Text>{label}</Text>
				</Box>
				<Text wrap="truncate-end">
					<Text dimColor={shown === ''}>{shown === '' ? (props.placeholder ?? '') : shown}</Text>
					{error ? <Text color={tint('red')}>{`  ${noteText(error)}`}</Text> : null}
				</Text>
			</Box>
		);
	}
	const limit = props.noteLimit ?? problems.length;
	const notes = <Notes lines={problems.slice(0, limit)} more={problems.length - limit} />;
	const helpText = props.help ?? def.help;
	const help =
		helpText && (props.showHelp ?? true) ? (
			<Box marginLeft={LABEL_WIDTH}>
				<Text dimColor wrap="wrap">
					{tidyWrap(helpText, width - LABEL_WIDTH)}
				</Text>
			</Box>
		) : null;
	if (def.kind === 'choice') {
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
						{...(props.listLimit === undefined ? {} : { limit: props.listLimit })}
						onSelect={props.onChoose}
						onHighlight={(choice) => props.onHighlight?.(choice)}
					/>
				</Box>
				{notes}
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			<Box>
				<Box width={LABEL_WIDTH} flexShrink={0}>
					<Text bold>{label}</Text>
				</Box>
				<TextInput
					value={value}
					onChange={props.onChange}
					onSubmit={props.onSubmit}
					{...(def.kind === 'secret' ? { mask: '*' } : {})}
				/>
				{/* Not TextInput's placeholder: that one is grey even under NO_COLOR. */}
				{value === '' ? <Text dimColor>{props.placeholder ?? ''}</Text> : null}
			</Box>
			{help}
			{notes}
		</Box>
	);
}
