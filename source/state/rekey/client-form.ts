import {
	clientDaysProblem,
	clientNameProblem,
	DEFAULT_CLIENT_DAYS,
} from '../../rekey/client-names.js';
import type { ClientForm, IssuedClient, RekeyAction, RekeyState } from './types.js';

/** The form as it opens: no name, the default validity, nothing asked yet. */
export const EMPTY_CLIENT_FORM: ClientForm = {
	name: '',
	days: String(DEFAULT_CLIENT_DAYS),
	field: 'name',
	submitted: false,
	status: 'editing',
	replace: false,
};

/** Each field's problem as the form shows it: once typed into, or after Enter. Pure. */
export function clientFormProblems(form: ClientForm): { name?: string; days?: string } {
	const name = form.submitted || form.name !== '' ? clientNameProblem(form.name) : undefined;
	const days = clientDaysProblem(form.days);
	return { ...(name ? { name } : {}), ...(days ? { days } : {}) };
}

type ClientAction = Extract<
	RekeyAction,
	{
		type:
			| 'client-typed'
			| 'client-submit'
			| 'client-exists'
			| 'replace-answered'
			| 'client-issued'
			| 'client-failed';
	}
>;

/** The client certificate form: typing, Enter from field to field, the replace question. */
export function reduceClient(state: RekeyState, action: ClientAction): RekeyState {
	const form = state.client;
	const set = (change: Partial<ClientForm>): RekeyState => ({
		...state,
		client: { ...form, ...change },
	});
	switch (action.type) {
		case 'client-typed': {
			if (state.screen !== 'client' || form.status !== 'editing') return state;
			const { error: _error, ...rest } = form;
			return { ...state, client: { ...rest, [action.field]: action.value } };
		}
		case 'client-submit': {
			if (state.screen !== 'client' || form.status !== 'editing') return state;
			if (form.field === 'name' && !clientNameProblem(form.name)) return set({ field: 'days' });
			if (clientNameProblem(form.name)) return set({ submitted: true, field: 'name' });
			if (clientDaysProblem(form.days)) return set({ submitted: true, field: 'days' });
			return set({ submitted: true, status: 'issuing', replace: false });
		}
		case 'client-exists':
			return form.status === 'issuing' && !form.replace ? set({ status: 'replace?' }) : state;
		case 'replace-answered':
			if (form.status !== 'replace?') return state;
			return set(action.replace ? { status: 'issuing', replace: true } : { status: 'editing' });
		case 'client-issued':
			if (form.status !== 'issuing') return state;
			return {
				...state,
				screen: 'issued',
				issued: action.issued,
				client: EMPTY_CLIENT_FORM,
				...(state.overview ? { overview: withEntry(state.overview, action.issued) } : {}),
			};
		case 'client-failed':
			return form.status === 'issuing' ? set({ status: 'editing', error: action.message }) : state;
	}
}

/** The inventory with the new certificate's row, in place of an older one of the same file. */
function withEntry(
	overview: NonNullable<RekeyState['overview']>,
	{ entry }: IssuedClient,
): NonNullable<RekeyState['overview']> {
	const others = overview.inventory.entries.filter(
		(e) => !(e.location === entry.location && e.file === entry.file),
	);
	return { ...overview, inventory: { ...overview.inventory, entries: [...others, entry] } };
}
