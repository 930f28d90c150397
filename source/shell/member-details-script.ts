import { shellQuote } from './quote.js';
import { hostScript, nearestDir } from './script.js';
import { showProperties } from './systemctl.js';

/** Where a member's files are, from the cluster file. */
export interface DetailPaths {
	readonly confDir: string;
	readonly dataDir: string;
}

/** Journal lines read per pass: enough to see through raft's chatter to the warnings. */
export const JOURNAL_LINES = 60;

/** The etcd unit as `systemctl show etcd` reports it. */
export interface UnitState {
	/** active, inactive, failed, activating, ... */
	readonly activeState: string;
	/** running, dead, auto-restart, ... */
	readonly subState: string;
	/** success, exit-code, signal, ... (why it last stopped) */
	readonly result: string;
	readonly restarts: number;
}

/** What `memberDetailsScript` printed, its sections apart; the certificates not read yet. */
export interface MemberDetailsOutput {
	/** Null when systemd said nothing of the unit. */
	readonly unit: UnitState | null;
	/** Free space under the data dir (or its nearest existing parent); null when df said nothing. */
	readonly dataFreeKiB: number | null;
	/** Each PEM certificate block under the config dir, with the file it is in (a bundle has several). */
	readonly certificates: readonly { readonly file: string; readonly pem: string }[];
	/** `journalctl -o short-unix` output, one line an entry, oldest first. */
	readonly journal: string;
}

/**
 * One script (run as root) for what the health view shows of a member: the unit's state and
 * restarts, free space under the data dir (or its nearest existing parent), the certificates
 * under the config dir, and the unit's last journal lines. Sections start with "@@".
 */
export function memberDetailsScript(paths: DetailPaths): string {
	return hostScript([
		"echo '@@unit'",
		'systemctl show etcd -p ActiveState -p SubState -p Result -p NRestarts 2>/dev/null',
		"echo '@@df'",
		...nearestDir(paths.dataDir),
		'df -Pk "$d" | tail -n 1',
		`for f in ${shellQuote(paths.confDir)}/*.crt; do [ -f "$f" ] || continue; echo "@@cert $f"; cat "$f"; done`,
		"echo '@@journal'",
		`journalctl -u etcd -n ${JOURNAL_LINES} --no-pager -o short-unix 2>&1`,
	]);
}

/** Parses `memberDetailsScript`'s output; what the host did not say is left empty. */
export function parseMemberDetails(output: string): MemberDetailsOutput {
	const sections = splitSections(output);
	const body = (title: string): string => sections.find((s) => s.title === title)?.body ?? '';
	const df = body('df').trim().split(/\s+/);
	const free = Number(df[3]);
	return {
		unit: parseUnit(body('unit')),
		dataFreeKiB: Number.isFinite(free) && df.length >= 4 ? free : null,
		certificates: sections
			.filter((s) => s.title.startsWith('cert '))
			.flatMap((s) => pemBlocks(s.body).map((pem) => ({ file: s.title.slice(5), pem }))),
		journal: body('journal'),
	};
}

function splitSections(output: string): { title: string; body: string }[] {
	const sections: { title: string; body: string }[] = [];
	for (const line of output.split('\n')) {
		if (line.startsWith('@@')) sections.push({ title: line.slice(2), body: '' });
		else {
			const last = sections[sections.length - 1];
			if (last) last.body += `${line}\n`;
		}
	}
	return sections;
}

function parseUnit(text: string): UnitState | null {
	const values = showProperties(text);
	const activeState = values.get('ActiveState');
	if (!activeState) return null;
	return {
		activeState,
		subState: values.get('SubState') ?? '',
		result: values.get('Result') ?? '',
		restarts: Number(values.get('NRestarts') ?? 0) || 0,
	};
}

/** Every certificate block of a PEM file (a CA bundle holds two during a CA rotation). */
function pemBlocks(pem: string): string[] {
	return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
