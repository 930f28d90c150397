import { isIP } from 'node:net';
import { formatPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { DNS_LABEL, DNS_LABEL_RULE } from './schema.js';
import { quoted } from './shown.js';
import type { HostSpec } from './types.js';

const HOST_NAME =
	/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The most hosts a cluster file may list: twice etcd's guidance and one more, then refused. */
export const MAX_HOSTS = 15;
/** etcd's guidance: more members than this slow every write and add nothing. */
const RECOMMENDED_MOST = 7;

/** Names and addresses present, well formed and unique; a quorum-friendly member count. */
export function validateHosts(hosts: readonly HostSpec[], report: Reporter): void {
	if (hosts.length === 0) {
		report.error(['hosts'], 'needs at least one host, each with a name and an address', 'key');
		return;
	}
	if (hosts.length > MAX_HOSTS) {
		// One diagnostic, not one per host of a list nobody meant to dial.
		report.error(
			['hosts'],
			`${hosts.length} hosts are more than the ${MAX_HOSTS} a cluster file may list; etcd's guidance is at most ${RECOMMENDED_MOST} members (every write waits for a majority of them): keep 3, 5 or 7 and make further clusters for the rest`,
			'key',
		);
		return;
	}
	const names = new Map<string, Seen>();
	const addresses = new Map<string, Seen>();
	hosts.forEach((host, index) => {
		checkName(host.name, index, names, report);
		checkAddress(host.address, index, addresses, report);
	});
	const warning = memberCountWarning(hosts.length);
	if (warning) report.warning(['hosts'], warning, 'key');
}

function checkName(name: string, index: number, seen: Map<string, Seen>, report: Reporter) {
	const path = ['hosts', index, 'name'];
	if (name === '') {
		report.error(
			path,
			`is required: the etcd member name, e.g. etcd${index + 1} (${DNS_LABEL_RULE})`,
		);
	} else if (!DNS_LABEL.test(name)) {
		report.error(
			path,
			`${quoted(name)} cannot be an etcd member name and DNS name; use ${DNS_LABEL_RULE}`,
		);
	} else {
		checkUnique(name, name, index, seen, 'name', report);
	}
}

function checkAddress(address: string, index: number, seen: Map<string, Seen>, report: Reporter) {
	const path = ['hosts', index, 'address'];
	if (address === '') {
		report.error(path, 'is required: the IP address or host name SSH reaches the host at');
		return;
	}
	const problem = addressProblem(address);
	if (problem) report.error(path, `${quoted(address)} ${problem}`);
	else checkUnique(address, addressKey(address), index, seen, 'address', report);
}

/** The first host that used a name or address key, and how it wrote it. */
interface Seen {
	readonly index: number;
	readonly written: string;
}

function checkUnique(
	value: string,
	key: string,
	index: number,
	seen: Map<string, Seen>,
	field: 'name' | 'address',
	report: Reporter,
) {
	const first = seen.get(key);
	if (first === undefined) {
		seen.set(key, { index, written: value });
		return;
	}
	const other = formatPath(['hosts', first.index, field]);
	const written = first.written === value ? '' : ` (written ${quoted(first.written)})`;
	report.error(
		['hosts', index, field],
		`${quoted(value)} is already used by ${other}${written}; each host needs its own ${field}`,
	);
}

/**
 * What two addresses of the same host have in common: an IPv6 address in its canonical form
 * (`0:0:0:0:0:0:0:1` and `::1` alike; `::ffff:10.0.0.1` is 10.0.0.1), with its zone; a host
 * name without case.
 */
export function addressKey(address: string): string {
	if (isIP(address) !== 6) return address.toLowerCase();
	const [ip = '', zone] = address.split('%', 2);
	let canonical: string;
	try {
		canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
	} catch {
		return address.toLowerCase();
	}
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
	if (mapped) {
		const high = Number.parseInt(mapped[1] ?? '0', 16);
		const low = Number.parseInt(mapped[2] ?? '0', 16);
		canonical = [high >> 8, high & 255, low >> 8, low & 255].join('.');
	}
	return zone === undefined ? canonical : `${canonical}%${zone.toLowerCase()}`;
}

/** Why an address is neither an IP literal nor a host name, or undefined when it is fine. */
function addressProblem(address: string): string | undefined {
	if (isIP(address)) return undefined;
	if (address.startsWith('[')) return 'has brackets; write an IPv6 address without them';
	if (/^[^:]+:\d+$/.test(address)) return 'includes a port; put the port in ssh.port instead';
	if (/^[\d.]+$/.test(address)) return 'is not a valid IPv4 address';
	if (address.includes(':')) return 'is not a valid IPv6 address';
	if (HOST_NAME.test(address)) return undefined;
	return 'is not an IPv4 or IPv6 address or a host name';
}

/** Explains why an even or large member count is a poor choice, or undefined when it is fine. */
export function memberCountWarning(members: number): string | undefined {
	const tolerated = Math.floor((members - 1) / 2);
	if (members > 7) {
		return `${members} members: every write waits for a majority (${tolerated + 1}), so more than 7 slows the cluster without need; 3, 5 or 7 members are recommended`;
	}
	if (members % 2 === 0) {
		return `${members} members tolerate ${tolerated} failed member${tolerated === 1 ? '' : 's'}, no more than ${members - 1} would: an even count adds load but no fault tolerance; 3, 5 or 7 members are recommended`;
	}
	return undefined;
}
