/** Entries of a choice list shown at least, however little room is left. */
export const MIN_LIST = 3;

/** Rows the focused field can take, each part counted as Ink wraps it. */
export interface FocusedRows {
	/** The label and the typed value (with the cursor), or a choice's label. */
	readonly input: number;
	/** A choice list's entries (one row each). */
	readonly items?: number;
	readonly help: number;
	/** Each problem of the field, in order. */
	readonly notes: readonly number[];
}

/** What a form must fit: the body's rows and what each part would take. */
export interface FormFitInput {
	readonly rows: number;
	readonly fieldCount: number;
	readonly focused?: FocusedRows;
	/** The intro with its margin; 0 without one. */
	readonly intro: number;
	/** The view's own rows under the fields: the least it shows, and all of it. */
	readonly below: { readonly min: number; readonly max: number };
}

/** What a form shows in its rows. */
export interface FormFit {
	readonly intro: boolean;
	readonly help: boolean;
	/** How many of the focused field's problems show; a row counts the others. */
	readonly notes: number;
	/** Entries of the focused choice list shown at once (it scrolls). */
	readonly listLimit?: number;
	/** Rows for the view's own content under the fields. */
	readonly below: number;
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/**
 * Fits a form in its rows. Every field keeps its row (one each, its first error beside it
 * when not focused); the focused field shows its input, its list (scrolled when long) and its
 * first problem always. Then, while they fit: its other problems, the view's least content,
 * the field's help, the rest of the view's content, and the intro.
 */
export function fitForm({ rows, fieldCount, focused, intro, below }: FormFitInput): FormFit {
	let used = fieldCount - (focused ? 1 : 0) + (focused?.input ?? 0) + below.min;
	const notes = focused?.notes ?? [];
	let listLimit: number | undefined;
	if (focused?.items !== undefined) {
		const room = rows - used - (notes[0] ?? 0);
		listLimit = clamp(room, Math.min(MIN_LIST, focused.items), focused.items);
		used += listLimit;
	}
	let shown = 0;
	for (const [index, noteRows] of notes.entries()) {
		const countRow = index < notes.length - 1 ? 1 : 0;
		if (index > 0 && used + noteRows + countRow > rows) break;
		used += noteRows;
		shown += 1;
	}
	if (shown < notes.length) used += 1;
	const helpRows = focused?.help ?? 0;
	const help = helpRows > 0 && used + helpRows <= rows;
	if (help) used += helpRows;
	const extra = clamp(rows - used, 0, below.max - below.min);
	used += extra;
	return {
		intro: intro > 0 && used + intro <= rows,
		help,
		notes: shown,
		...(listLimit === undefined ? {} : { listLimit }),
		below: below.min + extra,
	};
}
