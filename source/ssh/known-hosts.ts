import { createHash, createHmac, randomBytes } from 'node:crypto';

/** One usable line of a known_hosts file. */
export interface KnownHostEntry {
	/** 1-based line number in the file, for messages that say which line to remove. */
	readonly line: number;
	readonly marker?: 'revoked';
	/** Comma-separated patterns (`host`, `[host]:port`, globs, `!negated`) or one `|1|salt|hash`. */
	readonly hosts: string;
	readonly keyType: string;
	readonly keyBase64: string;
}

/** The verdict on a host key presented by a server. */
export type HostKeyVerdict =
	| { readonly status: 'known' }
	| { readonly status: 'unknown'; readonly fingerprint: string }
	| {
			readonly status: 'changed';
			readonly fingerprint: string;
			readonly knownFingerprints: readonly string[];
			/** The known_hosts lines that hold the host's other keys. */
			readonly knownLines: readonly number[];
	  }
	| { readonly status: 'revoked'; readonly fingerprint: string; readonly line: number };

/**
 * Parses an OpenSSH known_hosts file. Comments, blank lines, `@cert-authority` lines (we do not
 * verify host certificates) and malformed lines are skipped; `@revoked` lines are kept marked.
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
	const entries: KnownHostEntry[] = [];
	text.split('\n').forEach((raw, index) => {
		const fields = raw.trim().split(/\s+/);
		if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
		let marker: 'revoked' | undefined;
		if (fields[0].startsWith('@')) {
			if (fields[0] !== '@revoked') return;
			marker = 'revoked';
			fields.shift();
		}
		const [hosts, keyType, keyBase64] = fields;
		if (!hosts || !keyType || !keyBase64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(keyBase64)) return;
		entries.push({ line: index + 1, ...(marker ? { marker } : {}), hosts, keyType, keyBase64 });
	});
	return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

/** The entries of `entries` that apply to (host, port), revoked ones included. */
export function lookupKnownHost(
	entries: readonly KnownHostEntry[],
	host: string,
	port: number,
): KnownHostEntry[] {
	const name = hostKeyName(host, port).toLowerCase();
	return entries.filter((entry) => hostsMatch(entry.hosts, name));
}

/** Whether a host field matches `name` (already lower-cased), as OpenSSH's match_hostname. */
function hostsMatch(hosts: string, name: string): boolean {
	if (hosts.startsWith('|')) return hashedMatch(hosts, name);
	let matched = false;
	for (const pattern of hosts.toLowerCase().split(',')) {
		const negated = pattern.startsWith('!');
		if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue;
		if (negated) return false;
		matched = true;
	}
	return matched;
}

function hashedMatch(field: string, name: string): boolean {
	const [, magic, salt, hash] = field.split('|');
	if (magic !== '1' || !salt || !hash) return false;
	return hashHostName(name, Buffer.from(salt, 'base64')) === field;
}

/** `*` and `?` globbing, the only wildcards known_hosts patterns have. */
function globMatch(pattern: string, name: string): boolean {
	const source = pattern
		.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		.replace(/\*/g, '.*')
		.replace(/\?/g, '.');
	return new RegExp(`^${source}$`).test(name);
}

/** OpenSSH's hashed host field: `|1|` base64(salt) `|` base64(HMAC-SHA1(salt, name)). */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
	const digest = createHmac('sha1', salt).update(name).digest('base64');
	return `|1|${salt.toString('base64')}|${digest}`;
}

/** The fingerprint `ssh-keygen -l` shows: `SHA256:` and unpadded base64 of the key blob's hash. */
export function fingerprint(keyBlob: Buffer): string {
	return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (`ssh-ed25519`, ...). */
export function keyTypeOf(keyBlob: Buffer): string {
	if (keyBlob.length < 4) return 'unknown';
	const length = keyBlob.readUInt32BE(0);
	if (length > keyBlob.length - 4 || length > 64) return 'unknown';
	return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** One known_hosts line for (host, port) and the key, hashed unless `hash` is false. */
export function formatKnownHostLine(
	host: string,
	port: number,
	keyBlob: Buffer,
	hash = true,
): string {
	const name = hostKeyName(host, port);
	return `${hash ? hashHostName(name.toLowerCase()) : name} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}

/**
 * Trust policy: a key revoked on any line is refused; a key recorded for the host is known; a host with
 * recorded keys none of which is the presented one has changed (refused, whatever the key
 * type, as a type switch is how a man in the middle would hide); a host with none is unknown.
 */
export function verifyHostKey(
	entries: readonly KnownHostEntry[],
	host: string,
	port: number,
	keyBlob: Buffer,
): HostKeyVerdict {
	const matches = lookupKnownHost(entries, host, port);
	const same = (entry: KnownHostEntry) => Buffer.from(entry.keyBase64, 'base64').equals(keyBlob);
	const print = fingerprint(keyBlob);
	const revoked = entries.find((entry) => entry.marker === 'revoked' && same(entry));
	if (revoked) return { status: 'revoked', fingerprint: print, line: revoked.line };
	const trusted = matches.filter((entry) => entry.marker === undefined);
	if (trusted.some(same)) return { status: 'known' };
	if (trusted.length === 0) return { status: 'unknown', fingerprint: print };
	return {
		status: 'changed',
		fingerprint: print,
		knownFingerprints: trusted.map((entry) => fingerprint(Buffer.from(entry.keyBase64, 'base64'))),
		knownLines: trusted.map((entry) => entry.line),
	};
}

/** ssh2's default host key algorithms, in its order of preference. */
const DEFAULT_HOST_KEY_ALGORITHMS: readonly string[] = [
	'ssh-ed25519',
	'ecdsa-sha2-nistp256',
	'ecdsa-sha2-nistp384',
	'ecdsa-sha2-nistp521',
	'rsa-sha2-512',
	'rsa-sha2-256',
	'ssh-rsa',
];

/**
 * Host key algorithms to offer, those that make the server present a key type already known
 * for (host, port) first, so a host with keys of several types is not called changed for
 * presenting a type we never recorded. Undefined when nothing is known (use the defaults).
 */
export function preferredHostKeyAlgorithms(
	entries: readonly KnownHostEntry[],
	host: string,
	port: number,
): string[] | undefined {
	const known = lookupKnownHost(entries, host, port).filter((entry) => !entry.marker);
	const first = DEFAULT_HOST_KEY_ALGORITHMS.filter((algorithm) =>
		known.some((entry) => entry.keyType === keyTypeOfAlgorithm(algorithm)),
	);
	if (first.length === 0) return undefined;
	return [...first, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}

/** RSA keys sign three ways; every other algorithm is named as its key type. */
function keyTypeOfAlgorithm(algorithm: string): string {
	return algorithm.startsWith('rsa-sha2-') ? 'ssh-rsa' : algorithm;
}
