import type { Inventory, InventoryEntry } from './types.js';

/** Days left below which a certificate is flagged (the renewal window of apply). */
const SOON_DAYS = 30;

const COLUMNS: ReadonlyArray<readonly [string, (e: InventoryEntry) => string]> = [
	['WHERE', (e) => e.location],
	['FILE', (e) => e.file],
	['SUBJECT', (e) => e.subject],
	['SANS', (e) => (e.sans.length === 0 ? '-' : e.sans.join(','))],
	['SERIAL', (e) => short(e.serial, 8)],
	['ISSUER', issuerCell],
	['NOT AFTER', (e) => e.notAfter.slice(0, 10)],
	['DAYS', daysCell],
	['LOCAL COPY', localCell],
];

/**
 * The inventory as a plain table, one certificate a line (a CA bundle gives a line per CA),
 * followed by the problems found. The issuer is named with the start of its SHA-256 fingerprint.
 */
export function formatInventory(inventory: Inventory): string {
	const rows = [
		COLUMNS.map(([title]) => title),
		...inventory.entries.map((e) => COLUMNS.map(([, cell]) => cell(e))),
	];
	const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
	const lines = rows.map((row) =>
		row
			.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
			.join('  ')
			.trimEnd(),
	);
	return [...lines, ...inventory.problems.map((p) => `problem: ${p.message}`)].join('\n');
}

function issuerCell(e: InventoryEntry): string {
	const name = e.issuer.replace(/^CN=/, '');
	return e.issuerFingerprint === null
		? `${name} (unknown CA)`
		: `${name} ${short(e.issuerFingerprint, 11)}`;
}

function daysCell(e: InventoryEntry): string {
	if (e.daysLeft < 0) return `EXPIRED ${-e.daysLeft}d ago`;
	return e.daysLeft < SOON_DAYS ? `${e.daysLeft} SOON` : String(e.daysLeft);
}

function localCell(e: InventoryEntry): string {
	if (e.matchesLocal === null) return '-';
	return e.matchesLocal ? 'same' : 'DIFFERS';
}

function short(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}
