import { Box } from 'ink';
import type { ReactNode } from 'react';
import { choiceOptions, FIELDS, placeholderOf, stepFields } from '../wizard/fields.js';
import type { ChoiceField, FieldId, TextField } from '../wizard/types.js';
import { fieldProblems } from '../wizard/validate.js';
import { FieldRow } from './field-row.js';
import { StepFrame } from './step-frame.js';
import type { StepProps } from './ui-context.js';
import { useStepKeys } from './use-step-keys.js';

export interface FormStepProps extends StepProps {
	/** Shown above the fields: what the step is about. */
	readonly intro?: ReactNode;
	/** Shown below the fields. */
	readonly children?: ReactNode;
	readonly onHighlight?: (field: FieldId, value: string) => void;
}

const HINTS = 'Enter next · ↑↓ Tab fields · Esc back · Ctrl-C quit';

/**
 * A step made of fields (stepFields): typed or picked, each validated as it changes. Enter
 * moves to the next field and from the last one to the next step; Esc goes back a step.
 */
export function FormStep({ state, dispatch, intro, children, onHighlight }: FormStepProps) {
	const fields = stepFields(state);
	const focused = fields[state.focus];
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
	return (
		<StepFrame step={state.step} hints={HINTS}>
			{intro ? <Box marginBottom={1}>{intro}</Box> : null}
			{fields.map((field) => {
				const kind = FIELDS[field].kind;
				return (
					<FieldRow
						key={field}
						field={field}
						value={String(state.answers[field as keyof typeof state.answers])}
						focused={field === focused && !state.question}
						problems={problems[field] ?? []}
						placeholder={placeholderOf(state, field)}
						{...(kind === 'choice' ? { options: choiceOptions(state, field as ChoiceField) } : {})}
						onChange={(value) => dispatch({ type: 'set', field: field as TextField, value })}
						onSubmit={() => dispatch({ type: 'submit-field' })}
						onChoose={(value) => dispatch({ type: 'choose', field: field as ChoiceField, value })}
						onHighlight={(value) => onHighlight?.(field, value)}
					/>
				);
			})}
			{children}
		</StepFrame>
	);
}
