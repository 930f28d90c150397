import { Box, Text } from 'ink';
import { choiceOptions, FIELDS, placeholderOf, stepFields } from '../../state/wizard/fields.js';
import type { ChoiceField, FieldId, TextField } from '../../state/wizard/types.js';
import { fieldProblems } from '../../state/wizard/validate.js';
import { FieldRow, type FieldRowProps, focusedRows } from '../shared/field-row.js';
import { type Line, Lines, useBodyRows } from '../shared/fit.js';
import { fitForm } from '../shared/form-fit.js';
import { useUi } from '../shared/ui-context.js';
import { useStepKeys } from '../shared/use-step-keys.js';
import { tidyWrap, wrappedCount } from '../shared/wrap.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './step-props.js';

export interface FormStepProps extends StepProps {
	/** Shown above the fields when there is room: what the step is about. */
	readonly intro?: string;
	/**
	 * The view's own rows under the fields, made to fit `rows` (given Infinity for all of them,
	 * 0 for the least the view must show).
	 */
	readonly below?: (rows: number) => readonly Line[];
	readonly onHighlight?: (field: FieldId, value: string) => void;
}

const HINTS = 'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit';

/**
 * A step made of fields (stepFields): typed or picked, each validated as it changes. Enter
 * moves to the next field and from the last one to the next step; Esc goes back a step. It
 * fits the terminal's rows (see fitForm): what gives way first is the intro.
 */
export function FormStep({ state, dispatch, intro, below, onHighlight }: FormStepProps) {
	const { width } = useUi();
	const rows = useBodyRows();
	const fields = stepFields(state);
	const focused = state.question ? undefined : fields[state.focus];
	const problems = fieldProblems(state);
	const isChoice = focused !== undefined && FIELDS[focused].kind === 'choice';
	useStepKeys(
		{
			back: () => dispatch({ type: 'back' }),
			next: () => dispatch({ type: 'focus', to: 'next' }),
			prev: () => dispatch({ type: 'focus', to: 'prev' }),
		},
		{ isActive: !state.question, arrows: !isChoice },
	);
	const rowProps = (field: FieldId): FieldRowProps => {
		const kind = FIELDS[field].kind;
		return {
			field,
			value: String(state.answers[field as keyof typeof state.answers]),
			focused: field === focused,
			problems: problems[field] ?? [],
			placeholder: placeholderOf(state, field),
			...(kind === 'choice' ? { options: choiceOptions(state, field as ChoiceField) } : {}),
			onChange: (value) => dispatch({ type: 'set', field: field as TextField, value }),
			onSubmit: () => dispatch({ type: 'submit-field' }),
			onChoose: (value) => dispatch({ type: 'choose', field: field as ChoiceField, value }),
			onHighlight: (value) => onHighlight?.(field, value),
		};
	};
	const fit = fitForm({
		rows,
		fieldCount: fields.length,
		...(focused ? { focused: focusedRows(rowProps(focused), width) } : {}),
		intro: intro ? wrappedCount(intro, width) + 1 : 0,
		below: {
			min: below?.(0).length ?? 0,
			max: below?.(Number.POSITIVE_INFINITY).length ?? 0,
		},
	});
	return (
		<StepFrame step={state.step} hints={HINTS}>
			{intro && fit.intro ? (
				<Box marginBottom={1}>
					<Text wrap="wrap">{tidyWrap(intro, width)}</Text>
				</Box>
			) : null}
			{fields.map((field) => (
				<FieldRow
					key={field}
					{...rowProps(field)}
					showHelp={fit.help}
					noteLimit={fit.notes}
					{...(fit.listLimit === undefined ? {} : { listLimit: fit.listLimit })}
				/>
			))}
			{below ? <Lines lines={below(fit.below)} /> : null}
		</StepFrame>
	);
}
