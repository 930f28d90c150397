/** What may name an extra client certificate, and its validity: pure, for the views too. */

/** Validity of a client certificate when none is asked for, and the longest one allowed. */
export const DEFAULT_CLIENT_DAYS = 365;
export const MAX_CLIENT_DAYS = 3650;

/** A DNS-like name: it becomes the CN and the file name, so no slash, no upper case, no space. */
const CLIENT_NAME = /^[a-z0-9][a-z0-9.-]*$/;
/** The longest CN X.509 allows (ub-common-name). */
const CLIENT_NAME_MAX = 64;

/** Why `name` cannot name a client certificate, or undefined when it can. Pure. */
export function clientNameProblem(name: string): string | undefined {
	if (name === '') return 'a name is needed, e.g. kube-apiserver';
	if (name.length > CLIENT_NAME_MAX) return `at most ${CLIENT_NAME_MAX} characters`;
	if (!CLIENT_NAME.test(name)) {
		return 'lower-case letters, digits, dots and dashes, starting with a letter or digit';
	}
	return undefined;
}

/** Why `text` is not a validity in days (a whole number 1..3650), or undefined. Pure. */
export function clientDaysProblem(text: string): string | undefined {
	if (!/^\d+$/.test(text)) return `a whole number of days, 1 to ${MAX_CLIENT_DAYS}`;
	const days = Number(text);
	if (days < 1 || days > MAX_CLIENT_DAYS) return `1 to ${MAX_CLIENT_DAYS} days`;
	return undefined;
}
