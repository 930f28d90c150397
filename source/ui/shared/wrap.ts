/**
 * `text` broken into the lines Ink shows for `<Text wrap="wrap">` in `columns` columns: the
 * algorithm of wrap-ansi with `hard: true, trim: false` (what Ink calls), for text without
 * escape codes. Views that must fit a height render these lines one by one, so what they count
 * is what shows.
 */
export function wrapLines(text: string, columns: number): string[] {
	const width = Math.max(1, columns);
	return text.split('\n').flatMap((line) => wrapLine(line, width));
}

/**
 * `text` as wrapLines breaks it, without the space Ink would carry to the start of a row when a
 * line breaks right after a word that fills it, and without spaces at the ends of rows. Same
 * rows, so what views count still holds; rendered as one text of these rows, each no wider
 * than `columns`, Ink wraps nothing more.
 */
export function tidyWrap(text: string, columns: number): string {
	const width = Math.max(1, columns);
	return text
		.split('\n')
		.flatMap((line) =>
			wrapLine(line, width).map((row, index) =>
				(index > 0 && row.startsWith(' ') ? row.slice(1) : row).trimEnd(),
			),
		)
		.join('\n');
}

/**
 * One line of a list wrapped at `columns` with a hanging indent: rows after the first start
 * under its text, past the line's own indent and a `1. ` number if it has one.
 */
export function wrapHanging(line: string, columns: number): string[] {
	const hang = /^ *(\d+\. )?/.exec(line)?.[0].length ?? 0;
	const pad = ' '.repeat(Math.min(hang, Math.max(0, columns - 10)));
	const [first = '', ...rest] = tidyWrap(line.slice(pad.length), columns - pad.length).split('\n');
	return [line.slice(0, pad.length) + first, ...rest.map((row) => pad + row)];
}

/** Lines of `text` at `columns`; see `wrapLines`. */
export function wrappedCount(text: string, columns: number): number {
	return wrapLines(text, columns).length;
}

/** Characters as the terminal counts them (the marks the views use are one column wide). */
const widthOf = (text: string) => [...text].length;

function wrapLine(line: string, columns: number): string[] {
	const rows = [''];
	const last = () => rows[rows.length - 1] ?? '';
	const append = (text: string) => {
		rows[rows.length - 1] = last() + text;
	};
	for (const [index, word] of line.split(' ').entries()) {
		if (index !== 0) {
			if (widthOf(last()) >= columns) rows.push('');
			append(' ');
		}
		const length = widthOf(word);
		const rowLength = widthOf(last());
		if (length > columns) {
			const breaksHere = 1 + Math.floor((length - (columns - rowLength) - 1) / columns);
			const breaksNext = Math.floor((length - 1) / columns);
			if (breaksNext < breaksHere) rows.push('');
			breakWord(rows, word, columns);
			continue;
		}
		if (rowLength + length > columns && rowLength > 0 && length > 0) rows.push('');
		append(word);
	}
	return rows;
}

/** A word longer than a line, cut at the columns (wrap-ansi's wrapWord). */
function breakWord(rows: string[], word: string, columns: number): void {
	const characters = [...word];
	let visible = widthOf(rows[rows.length - 1] ?? '');
	for (const [index, character] of characters.entries()) {
		if (visible + 1 <= columns) rows[rows.length - 1] += character;
		else {
			rows.push(character);
			visible = 0;
		}
		visible += 1;
		if (visible === columns && index < characters.length - 1) {
			rows.push('');
			visible = 0;
		}
	}
}
