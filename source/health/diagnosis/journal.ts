import type { JournalLine } from './types.js';

/**
 * One line of `journalctl -o short-unix`: "<epoch.micro> <host> <ident>[pid]: <message>". etcd's
 * zap logger writes JSON; its `msg` plus the fields that say why (error, address, peer) are
 * kept so the line reads as a sentence. Other lines (systemd's own) are kept as they are.
 */
export function parseJournalLine(raw: string): JournalLine | null {
	const match = /^(\d+(?:\.\d+)?) \S+ ([^:]+): (.*)$/.exec(raw);
	if (!match) return null;
	const [, epoch = '0', , message = ''] = match;
	const at = Math.round(Number(epoch) * 1000);
	const log = parseJson(message);
	if (!log) {
		// systemd's "..., ignoring" lines are noise, not the reason.
		const bad = /error|fail/i.test(message) && !/ignoring/.test(message);
		return { at, level: bad ? 'error' : 'info', text: message };
	}
	const level = typeof log.level === 'string' ? log.level : 'info';
	const extras = ['peer-id', 'remote-peer-id', 'remote-member-id', 'address', 'error']
		.filter((key) => typeof log[key] === 'string')
		.map((key) => `${key}=${log[key] as string}`);
	const msg = typeof log.msg === 'string' ? log.msg : message;
	return { at, level, text: extras.length > 0 ? `${msg} (${extras.join(', ')})` : msg };
}

/** Parses journal output, skipping lines that are not journal entries ("-- No entries --"). */
export function parseJournal(text: string): JournalLine[] {
	return text.split('\n').flatMap((raw) => {
		const line = parseJournalLine(raw);
		return line ? [line] : [];
	});
}

/** A member's journal saying it could not reach an address. */
export interface PeerFailure {
	readonly ip: string;
	readonly port: number;
	/** "i/o timeout", "connection refused", ... */
	readonly reason: string;
	readonly at: number;
	readonly line: string;
	/** The peer's hex member ID when etcd named it. */
	readonly peerId?: string;
}

const PEER_FAILURE =
	/((?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:]+\]):(\d+): (i\/o timeout|connect: connection refused|connect: no route to host|connect: network is unreachable|connection reset by peer)/i;

/** Recovered: etcd logs it when a peer answers again. */
const PEER_ACTIVE = /peer became active|established TCP streaming connection/i;
const PEER_ID = /(?:peer-id|remote-peer-id|remote-member-id)=([0-9a-f]+)/;

/**
 * The addresses a member failed to reach, by address: the latest failure of each that came after
 * the last sign of a peer becoming active again (a recovered peer is not trouble).
 */
export function peerFailures(journal: readonly JournalLine[]): PeerFailure[] {
	const failures = new Map<string, PeerFailure>();
	for (const line of journal) {
		const peerId = PEER_ID.exec(line.text)?.[1];
		if (PEER_ACTIVE.test(line.text)) {
			for (const [key, failure] of failures)
				if (peerId === undefined || failure.peerId === peerId) failures.delete(key);
			continue;
		}
		const match = PEER_FAILURE.exec(line.text);
		if (!match) continue;
		const [, rawIp = '', port = '0', reason = ''] = match;
		const ip = rawIp.replace(/^\[|\]$/g, '');
		failures.set(`${ip}:${port}`, {
			ip,
			port: Number(port),
			reason: reason.replace(/^connect: /, ''),
			at: line.at,
			line: line.text,
			...(peerId ? { peerId } : {}),
		});
	}
	return [...failures.values()];
}

/** The lines that say why a unit stopped: warnings and errors, else the last lines. */
export function whyLines(journal: readonly JournalLine[], count = 3): string[] {
	const bad = journal.filter((l) => /warn|error|fatal|panic|crit/i.test(l.level));
	return (bad.length > 0 ? bad : journal).slice(-count).map((l) => l.text);
}

function parseJson(text: string): Record<string, unknown> | null {
	if (!text.startsWith('{')) return null;
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}
