/** A typed number: its value, or why the text is not one. Empty text is `undefined`. */
export type ParsedNumber =
	| { readonly value: number | undefined; readonly error?: undefined }
	| { readonly value?: undefined; readonly error: string };

/** A whole number such as `2379`; anything else is refused with the reason. */
export function wholeNumber(text: string, example: string): ParsedNumber {
	const trimmed = text.trim();
	if (trimmed === '') return { value: undefined };
	if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
		return { error: `"${trimmed}" is not a whole number; type digits only, e.g. ${example}` };
	}
	return { value: Number(trimmed) };
}

const UNITS: Readonly<Record<string, number>> = {
	'': 1,
	kib: 1024,
	mib: 1024 ** 2,
	gib: 1024 ** 3,
};

/** Bytes as digits or with a binary unit: `2147483648`, `512MiB`, `8GiB`. */
export function byteSize(text: string): ParsedNumber {
	const trimmed = text.trim();
	if (trimmed === '') return { value: undefined };
	const match = /^(\d+)\s*([KMG]iB)?$/i.exec(trimmed);
	const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
	const value = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
	if (!Number.isSafeInteger(value)) {
		return { error: `"${trimmed}" is not a size; type bytes, or a number with KiB, MiB or GiB` };
	}
	return { value };
}
