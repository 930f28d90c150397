import { isIP } from 'node:net';
import { formatPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { DNS_LABEL, DNS_LABEL_RULE } from './schema.js';
import type { HostSpec } from './types.js';

const HOST_NAME =
	/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Names and addresses present, well formed and unique; a quorum-friendly member count. */
export function validateHosts(hosts: readonly HostSpec[], report: Reporter): void {
	if (hosts.length === 0) {
		report.error(['hosts'], 'needs at least one host, each with a name and an address', 'key');
		return;
	}
	const names = new Map<string, number>();
	const addresses = new Map<string, number>();
	hosts.forEach((host, index) => {
		checkName(host.name, index, names, report);
		checkAddress(host.address, index, addresses, report);
	});
	const warning = memberCountWarning(hosts.length);
	if (warning) report.warning(['hosts'], warning, 'key');
}

function checkName(name: string, index: number, seen: Map<string, number>, report: Reporter) {
	const path = ['hosts', index, 'name'];
	if (name === '') {
		report.error(
			path,
			`is required: the etcd member name, e.g. etcd${index + 1} (${DNS_LABEL_RULE})`,
		);
	} else if (!DNS_LABEL.test(name)) {
		report.error(
			path,
			`"${name}" cannot be an etcd member name and DNS name; use ${DNS_LABEL_RULE}`,
		);
	} else {
		checkUnique(name, name, index, seen, 'name', report);
	}
}

function checkAddress(address: string, index: number, seen: Map<string, number>, report: Reporter) {
	const path = ['hosts', index, 'address'];
	if (address === '') {
		report.error(path, 'is required: the IP address or host name SSH reaches the host at');
		return;
	}
	const problem = addressProblem(address);
	if (problem) report.error(path, `"${address}" ${problem}`);
	else checkUnique(address, address.toLowerCase(), index, seen, 'address', report);
}

function checkUnique(
	value: string,
	key: string,
	index: number,
	seen: Map<string, number>,
	field: 'name' | 'address',
	report: Reporter,
) {
	const first = seen.get(key);
	if (first === undefined) {
		seen.set(key, index);
		return;
	}
	const other = formatPath(['hosts', first, field]);
	report.error(
		['hosts', index, field],
		`"${value}" is already used by ${other}; each host needs its own ${field}`,
	);
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
