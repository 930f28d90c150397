export { failureOf } from '../shared/failure.js';
export { EXIT } from '../shared/runs.js';
export type {
	Failure,
	FieldProblem,
	HostKeyQuestion,
	KeyCheck,
	RunState,
} from '../shared/types.js';
export type { RunName, WizardAction } from './actions.js';
export { answersFromSpec, defaultAnswers, storedAnswersOf } from './answers.js';
export type { Effects, ReachHosts } from './effects.js';
export { type ChoiceOption, choiceOptions, FIELDS, placeholderOf, stepFields } from './fields.js';
export { initialWizardState } from './initial-state.js';
export { type InterfaceChoice, interfaceChoices } from './interfaces.js';
export { REVIEW_TABS, wizardReducer } from './reducer.js';
export { members, type ReviewDocuments, reviewDocuments } from './review.js';
export { clusterDir, clusterFilePath, toClusterSpec, versionOf } from './spec.js';
export * from './types.js';
export {
	type FieldProblems,
	fieldProblems,
	hostsProblems,
	stepBlocker,
} from './validate.js';
