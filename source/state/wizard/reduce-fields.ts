import { choiceOptions, stepFields } from './fields.js';
import { afterKeyEdit } from './identity-check.js';
import { goNext } from './navigation.js';
import type { ChoiceField, TextField, WizardState } from './types.js';
import { fieldProblems, hostsProblems } from './validate.js';

/** Typing in a field the current step shows; any other field leaves the state as it is. */
export function setField(state: WizardState, field: TextField, value: string): WizardState {
	if (field === 'hostName' || field === 'hostAddress') {
		if (!state.draft) return state;
		const key = field === 'hostName' ? 'name' : 'address';
		return { ...state, draft: { ...state.draft, [key]: value } };
	}
	if (!stepFields(state).includes(field)) return state;
	return afterKeyEdit({ ...state, answers: { ...state.answers, [field]: value } }, field);
}

/** Up/Down, Tab/Shift-Tab: the neighbouring field, stopping at the first and the last. */
export function moveFocus(state: WizardState, to: 'next' | 'prev'): WizardState {
	if (state.draft) return { ...state, draft: { ...state.draft, focus: to === 'next' ? 1 : 0 } };
	const last = stepFields(state).length - 1;
	const focus = Math.max(0, Math.min(last, state.focus + (to === 'next' ? 1 : -1)));
	return focus === state.focus ? state : { ...state, focus };
}

/**
 * Enter in the focused field: refused while the field has an error, else the next field, or
 * the next step from the last one. In the host form, Enter on the address saves the host.
 */
export function submitField(state: WizardState, at?: number): WizardState {
	if (state.draft) {
		const draftProblems = hostsProblems(state).draft;
		if (state.draft.focus === 0) {
			if (draftProblems.hostName) return state;
			return { ...state, draft: { ...state.draft, focus: 1 } };
		}
		return saveHost(state);
	}
	const fields = stepFields(state);
	const field = fields[state.focus];
	if (field === undefined) return goNext(state, at);
	if (fieldProblems(state)[field]?.some((p) => p.severity === 'error')) return state;
	if (state.focus < fields.length - 1) return { ...state, focus: state.focus + 1 };
	return goNext(state, at);
}

/** Picking an entry of a choice field: only entries it offers; then on like Enter. */
export function chooseField(state: WizardState, field: ChoiceField, value: string): WizardState {
	const fields = stepFields(state);
	if (fields[state.focus] !== field) return state;
	if (!choiceOptions(state, field).some((option) => option.value === value)) return state;
	const answers = { ...state.answers, [field]: value };
	return submitField(afterKeyEdit({ ...state, answers }, field));
}

/** Adds or replaces the host in the form when its name and address are fine. */
export function saveHost(state: WizardState): WizardState {
	const { draft } = state;
	if (!draft) return state;
	const problems = hostsProblems(state).draft;
	if (problems.hostName || problems.hostAddress) return state;
	const host = { name: draft.name.trim(), address: draft.address.trim() };
	const hosts = [...state.answers.hosts];
	if (draft.index === undefined) hosts.push(host);
	else hosts[draft.index] = host;
	// After adding, the cursor rests on "add a host" so the next one is one Enter away.
	const hostCursor = draft.index ?? hosts.length;
	return { ...state, answers: { ...state.answers, hosts }, draft: undefined, hostCursor };
}
