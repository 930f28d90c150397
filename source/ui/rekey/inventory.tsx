import { Box, Text } from 'ink';
import type { InventoryEntry } from '../../rekey/types.js';
import type { RekeyState } from '../../state/rekey/types.js';
import type { ThemeColor } from '../shared/theme.js';
import { useTint, useUi } from '../shared/ui-context.js';
import { RekeyFrame } from './rekey-frame.js';

/** Days left below which a certificate shows yellow (apply's renewal window). */
export const SOON_DAYS = 30;

/** Lines the screen takes besides the rows: header, table head, details, hints and margins. */
const CHROME_LINES = 15;

/** The colour of a certificate's days left: red once expired, yellow within SOON_DAYS. */
export function daysColor(daysLeft: number): ThemeColor | undefined {
	if (daysLeft < 0) return 'red';
	return daysLeft < SOON_DAYS ? 'yellow' : undefined;
}

/** The file as short as it can be told apart: a host's by its name, a local one inside pki/. */
export function shortFile(entry: InventoryEntry): string {
	const inside = entry.location === 'local' ? /(members\/[^/]+\/|clients\/)?[^/]+$/ : /[^/]+$/;
	return inside.exec(entry.file)?.[0] ?? entry.file;
}

/** The days' colour under the colour setting; none for a certificate far from its end. */
function tintOf(tint: ReturnType<typeof useTint>, daysLeft: number): string | undefined {
	const color = daysColor(daysLeft);
	return color ? tint(color) : undefined;
}

const cn = (subject: string) => /CN=([^,]*)/.exec(subject)?.[1] ?? subject;
const cell = (text: string, width: number) =>
	text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** The first `count` of a fingerprint's bytes, e.g. `AB:CD:EF:01…`. */
export function shortFingerprint(fingerprint: string | null, count = 6): string {
	if (fingerprint === null) return 'unknown CA';
	const bytes = fingerprint.split(':');
	return bytes.length > count ? `${bytes.slice(0, count).join(':')}…` : fingerprint;
}

const LOCAL_WORDS = { true: 'same', false: 'DIFFERS', null: '-' } as const;

/** One table row: where, file, subject, not-after, days, whether the host's copy is the local one. */
export function inventoryRow(entry: InventoryEntry): string {
	return [
		cell(entry.location, 8),
		cell(shortFile(entry), 26),
		cell(cn(entry.subject), 14),
		entry.notAfter.slice(0, 10),
		String(entry.daysLeft).padStart(5),
		LOCAL_WORDS[String(entry.matchesLocal) as keyof typeof LOCAL_WORDS],
	].join(' ');
}

const HEAD = ['WHERE', 'FILE', 'SUBJECT', 'NOT AFTER', 'DAYS', '=LOCAL'];
const HEAD_WIDTHS = [8, 26, 14, 10, 5, 6];

/** The first row to show so that `selected` is in a window of `visible` rows. */
export function windowStart(selected: number, total: number, visible: number): number {
	return Math.max(0, Math.min(selected - Math.floor(visible / 2), total - visible));
}

function Details({ entry }: { readonly entry: InventoryEntry }) {
	const tint = useTint();
	const days =
		entry.daysLeft < 0 ? `EXPIRED ${-entry.daysLeft} days ago` : `${entry.daysLeft} days left`;
	const copy =
		entry.matchesLocal === null
			? 'kept on this machine'
			: entry.matchesLocal
				? 'host copy = local copy'
				: 'host copy DIFFERS from the local copy';
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold wrap="truncate-end">
				{entry.location} {entry.file}
			</Text>
			<Text wrap="truncate-end">
				{'  subject  '}
				{entry.subject} · serial {entry.serial.slice(0, 16)}
			</Text>
			<Text wrap="truncate-end">
				{'  SANs     '}
				{entry.sans.length === 0 ? 'none' : entry.sans.join(', ')}
			</Text>
			<Text wrap="truncate-end">
				{'  issuer   '}
				{entry.issuer} · SHA256 {shortFingerprint(entry.issuerFingerprint)}
			</Text>
			<Text wrap="truncate-end">
				{'  expires  '}
				{entry.notAfter.slice(0, 10)} (<Text color={tintOf(tint, entry.daysLeft)}>{days}</Text>) ·{' '}
				{copy}
			</Text>
		</Box>
	);
}

/** Every certificate, one row each, scrolled to the selected one, and its details below. */
export function InventoryScreen({ state }: { readonly state: RekeyState }) {
	const tint = useTint();
	const { height } = useUi();
	const { overview } = state;
	if (!overview) return null;
	const { entries, problems } = overview.inventory;
	const visible = Math.max(3, height - CHROME_LINES);
	const start = windowStart(state.selected, entries.length, visible);
	const shown = entries.slice(start, start + visible);
	const below = entries.length - start - shown.length;
	const selected = entries[state.selected];
	const more = [
		start > 0 ? `↑ ${start} more` : '',
		below > 0 ? `↓ ${below} more` : '',
		problems.length > 0 ? `${problems.length} unreadable or missing (see the menu)` : '',
	].filter(Boolean);
	return (
		<RekeyFrame
			title={`${entries.length} certificates`}
			cluster={state.cluster}
			hints="↑↓ select · Enter choose what to do · q quit"
		>
			<Text
				bold
			>{`  ${HEAD.map((h, i) => (h === 'DAYS' ? h.padStart(5) : h.padEnd(HEAD_WIDTHS[i] ?? 0))).join(' ')}`}</Text>
			{shown.map((entry, i) => {
				const index = start + i;
				const mark = index === state.selected ? '❯ ' : '  ';
				return (
					<Text
						key={`${entry.location}:${entry.file}:${entry.serial}`}
						color={
							tintOf(tint, entry.daysLeft) ?? (index === state.selected ? tint('cyan') : undefined)
						}
						bold={index === state.selected}
						wrap="truncate-end"
					>
						{mark}
						{inventoryRow(entry)}
					</Text>
				);
			})}
			<Text dimColor>{more.join(' · ') || ' '}</Text>
			{selected ? <Details entry={selected} /> : null}
		</RekeyFrame>
	);
}
