/** `1 host`, `3 hosts`: a count with its noun, plural by adding s. */
export function countOf(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
