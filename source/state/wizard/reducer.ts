import { answerStop } from '../shared/runs.js';
import type { WizardAction } from './actions.js';
import { goBack, goNext, identityChecked } from './navigation.js';
import { chooseField, moveFocus, saveHost, setField, submitField } from './reduce-fields.js';
import { interrupt, quit, reduceRun } from './reduce-runs.js';
import { reduceStart } from './reduce-start.js';
import type { WizardState } from './types.js';

/** Number of tabs of the review step: summary, cluster.yaml, one node's etcd.conf.yml. */
export const REVIEW_TABS = 3;

function reduceHosts(state: WizardState, action: WizardAction): WizardState {
	if (state.step !== 'hosts') return state;
	const count = state.answers.hosts.length;
	switch (action.type) {
		case 'host-edit': {
			if (state.draft) return state;
			if (action.index === undefined) {
				return { ...state, draft: { name: '', address: '', focus: 0 } };
			}
			const host = state.answers.hosts[action.index];
			if (!host) return state;
			return { ...state, draft: { index: action.index, ...host, focus: 0 } };
		}
		case 'host-save':
			return saveHost(state);
		case 'host-remove': {
			if (state.draft || action.index < 0 || action.index >= count) return state;
			const hosts = state.answers.hosts.filter((_, i) => i !== action.index);
			const hostCursor = Math.max(0, Math.min(state.hostCursor, hosts.length - 1));
			return { ...state, answers: { ...state.answers, hosts }, hostCursor };
		}
		case 'host-cursor':
			if (action.index < 0 || action.index > count + 1) return state;
			return { ...state, hostCursor: action.index };
		default:
			return state;
	}
}

function reduceReview(state: WizardState, action: WizardAction): WizardState {
	if (state.step !== 'review') return state;
	switch (action.type) {
		case 'review-tab':
			if (action.tab < 0 || action.tab >= REVIEW_TABS) return state;
			return { ...state, review: { tab: action.tab, scroll: 0 } };
		case 'review-scroll': {
			const scroll = Math.max(0, Math.min(action.max, state.review.scroll + action.delta));
			return scroll === state.review.scroll
				? state
				: { ...state, review: { ...state.review, scroll } };
		}
		default:
			return state;
	}
}

/**
 * The wizard's state machine, pure: every key press and every effect's result is an action.
 * An action that does not fit the current state returns the same state object.
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	if (state.exit !== undefined) return state;
	switch (action.type) {
		case 'set':
			return setField(state, action.field, action.value);
		case 'choose':
			return chooseField(state, action.field, action.value);
		case 'focus':
			return moveFocus(state, action.to);
		case 'submit-field':
			return submitField(state, action.at);
		case 'next':
			return goNext(state, action.at);
		case 'back':
			return goBack(state, action.at);
		case 'identity-checked':
			return identityChecked(state, action);
		case 'start-menu':
		case 'start-file':
		case 'cluster-opened':
		case 'start-failed':
		case 'key-checked':
		case 'start-passphrase':
		case 'start-unlock':
			return reduceStart(state, action);
		case 'host-edit':
		case 'host-save':
		case 'host-remove':
		case 'host-cursor':
			return reduceHosts(state, action);
		case 'templates-loaded':
			return { ...state, templates: action.templates, templatesError: undefined };
		case 'templates-failed':
			return { ...state, templatesError: action.message };
		case 'review-tab':
		case 'review-scroll':
			return reduceReview(state, action);
		case 'interrupt':
			return interrupt(state);
		case 'stop-answered':
			return answerStop(state, 'provision', action.stop);
		case 'quit':
			return quit(state);
		default:
			return reduceRun(state, action);
	}
}
