import type { HostSpec } from '../../cluster/types.js';
import { type HostFacts, interfaceIpv4 } from '../../shell/facts.js';

/** Interfaces homelab clusters usually run on, offered first when present. */
export const PREFERRED_INTERFACES = ['wg0', 'tap0', 'eth1'] as const;

/** One host's IPv4 address on an interface, with its prefix; undefined when it has none. */
export interface HostAddress {
	readonly host: string;
	readonly address?: string;
	readonly prefixLength?: number;
}

/** An interface to offer, with every host's address on it. */
export interface InterfaceChoice {
	readonly name: string;
	readonly addresses: readonly HostAddress[];
	/** Hosts without an IPv4 address on it. */
	readonly missingOn: readonly string[];
	/** The distinct subnets (a.b.c.d/len) of its addresses; one when they share a subnet. */
	readonly subnets: readonly string[];
}

function ipv4Number(address: string): number {
	return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** `10.88.0.11`, 24 -> `10.88.0.0/24`. */
export function subnetOf(address: string, prefixLength: number): string {
	const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
	const network = (ipv4Number(address) & mask) >>> 0;
	const octets = [24, 16, 8, 0].map((shift) => (network >>> shift) & 255);
	return `${octets.join('.')}/${prefixLength}`;
}

function rank(name: string): number {
	const index = (PREFERRED_INTERFACES as readonly string[]).indexOf(name);
	return index === -1 ? PREFERRED_INTERFACES.length : index;
}

/**
 * The interfaces with an IPv4 address on at least one host (loopback left out): wg0, tap0 and
 * eth1 first, then those every host has, then by name.
 */
export function interfaceChoices(
	hosts: readonly HostSpec[],
	facts: ReadonlyMap<string, HostFacts>,
): InterfaceChoice[] {
	const names = new Set<string>();
	for (const host of hosts) {
		for (const iface of facts.get(host.name)?.interfaces ?? []) {
			if (iface.name !== 'lo' && iface.ipv4.length > 0) names.add(iface.name);
		}
	}
	const choices = [...names].map((name): InterfaceChoice => {
		const addresses = hosts.map((host): HostAddress => {
			const found = facts.get(host.name);
			const ip = found && interfaceIpv4(found, name);
			return ip ? { host: host.name, ...ip } : { host: host.name };
		});
		const subnets = new Set(
			addresses.flatMap((a) =>
				a.address === undefined ? [] : [subnetOf(a.address, a.prefixLength ?? 32)],
			),
		);
		return {
			name,
			addresses,
			missingOn: addresses.filter((a) => a.address === undefined).map((a) => a.host),
			subnets: [...subnets],
		};
	});
	return choices.sort(
		(a, b) =>
			rank(a.name) - rank(b.name) ||
			a.missingOn.length - b.missingOn.length ||
			a.name.localeCompare(b.name),
	);
}

/** Why `choice` cannot carry the cluster (error), or what to look at (warning). */
export function interfaceProblem(
	choice: InterfaceChoice | undefined,
	name: string,
): { readonly severity: 'error' | 'warning'; readonly message: string } | undefined {
	if (!choice) {
		return {
			severity: 'error',
			message: `no host has an IPv4 address on "${name}"; choose an interface from the list`,
		};
	}
	if (choice.missingOn.length > 0) {
		return {
			severity: 'error',
			message: `${choice.name} has no IPv4 address on ${choice.missingOn.join(', ')}: etcd binds to it on every host; bring it up there or choose another`,
		};
	}
	if (choice.subnets.length > 1) {
		return {
			severity: 'warning',
			message: `the addresses are not in one subnet (${choice.subnets.join(', ')}): the members must still reach each other's ${choice.name} address`,
		};
	}
	return undefined;
}
