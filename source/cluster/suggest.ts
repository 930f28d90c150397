/** The accepted key closest to a mistyped one (case, `_`/`-` or up to 2 edits), if any. */
export function suggestKey(key: string, accepted: readonly string[]): string | undefined {
	const plain = normalize(key);
	const exact = accepted.find((candidate) => normalize(candidate) === plain);
	if (exact) return exact;
	let best: { key: string; distance: number } | undefined;
	for (const candidate of accepted) {
		const distance = editDistance(plain, normalize(candidate));
		if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
	}
	return best?.key;
}

function normalize(key: string): string {
	return key.toLowerCase().replaceAll(/[-_]/g, '');
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
			current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}
