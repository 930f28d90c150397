/**
 * A small line diff (longest common subsequence) for showing what `apply` would change in a
 * config file. The files are tens of lines, so the quadratic table is fine.
 */
export function lineDiff(before: string, after: string, path: string): string {
	const a = before.split('\n');
	const b = after.split('\n');
	const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
		new Array(b.length + 1).fill(0),
	);
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			const row = lcs[i] as number[];
			row[j] =
				a[i] === b[j]
					? (lcs[i + 1]?.[j + 1] ?? 0) + 1
					: Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
		}
	}
	const out = [`--- ${path} (on the host)`, `+++ ${path} (wanted)`];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (i < a.length && j < b.length && a[i] === b[j]) {
			i++;
			j++;
		} else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) > (lcs[i + 1]?.[j] ?? 0))) {
			out.push(`+${b[j++]}`);
		} else {
			out.push(`-${a[i++]}`);
		}
	}
	return out.join('\n');
}
