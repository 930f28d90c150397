/**
 * Which address a member uses: the one answer to it, for the planner, the preflight, rekey,
 * health and the wizard. etcd binds to the member's IPv4 on the cluster interface, and its
 * certificates name that address.
 */
import type { ClusterSpec } from '../cluster/types.js';
import type { NodeContext } from '../render/etcd-config.js';
import { type HostFacts, interfaceIpv4 } from '../shell/facts.js';

/** The interface etcd binds to on `host` (the cluster file names one for every host). */
export function memberInterface(spec: Pick<ClusterSpec, 'etcd'>, _host: string): string {
	return spec.etcd.interface;
}

/** The member's IPv4 with its prefix, or undefined when the interface or its address is missing. */
export function memberIpv4(
	spec: Pick<ClusterSpec, 'etcd'>,
	host: string,
	facts: Pick<HostFacts, 'interfaces'> | undefined,
): { readonly address: string; readonly prefixLength: number } | undefined {
	return facts && interfaceIpv4(facts, memberInterface(spec, host));
}

/** The address etcd binds to on `host`, or undefined when the host lacks it. */
export function memberIp(
	spec: Pick<ClusterSpec, 'etcd'>,
	host: string,
	facts: Pick<HostFacts, 'interfaces'> | undefined,
): string | undefined {
	return memberIpv4(spec, host, facts)?.address;
}

/** Why a member has no address, in the same words wherever it is said. */
export function noAddressMessage(spec: Pick<ClusterSpec, 'etcd'>, host: string): string {
	return `${host} has no IPv4 address on ${memberInterface(spec, host)}`;
}

/**
 * Every host that has its address, with that address: the cluster's members as etcd and its
 * certificates see them. A host without it is left out (the planner names it).
 */
export function clusterMembers(
	spec: Pick<ClusterSpec, 'etcd' | 'hosts'>,
	facts: ReadonlyMap<string, Pick<HostFacts, 'interfaces'>>,
): NodeContext[] {
	return spec.hosts.flatMap((h) => {
		const ip = memberIp(spec, h.name, facts.get(h.name));
		return ip ? [{ name: h.name, clusterIp: ip }] : [];
	});
}
