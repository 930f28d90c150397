import type { ClusterSpec } from '../cluster/types.js';
import { memberIp } from '../plan/member-address.js';
import { etcdConfigPath } from '../render/index.js';
import type { HostFacts } from '../shell/facts.js';

/** Who holds one of the ports etcd needs on a member. */
export type PortHolder =
	| { readonly kind: 'free' }
	/** This cluster's own etcd: connect to it instead of listening. */
	| { readonly kind: 'own-etcd' }
	| { readonly kind: 'taken'; readonly process: string; readonly address: string };

/** A port etcd binds on a member, and whether it is the peer or the client port. */
export interface MemberPort {
	readonly port: number;
	readonly role: 'peer' | 'client';
}

/** The peer port, then the client port. */
export function memberPorts(spec: ClusterSpec): readonly MemberPort[] {
	return [
		{ port: spec.etcd.peerPort, role: 'peer' },
		{ port: spec.etcd.clientPort, role: 'client' },
	];
}

/**
 * Whether the etcd running on the host is this cluster's: its config file (at the path we
 * write) names this cluster's initial-cluster-token.
 */
export function isOwnEtcd(spec: ClusterSpec, facts: HostFacts, token: string | undefined): boolean {
	const config = facts.files.get(etcdConfigPath(spec))?.content;
	if (!config || !token) return false;
	return /^initial-cluster-token:\s*"?([^"\s]+)"?/m.exec(config)?.[1] === token;
}

/**
 * Who holds `port` where etcd would bind it: the member's address on the interface (and
 * 127.0.0.1 for the client port, which etcd also listens on), or every address.
 */
export function portHolder(
	spec: ClusterSpec,
	host: string,
	facts: HostFacts,
	port: MemberPort,
	token: string | undefined,
): PortHolder {
	const ip = memberIp(spec, host, facts);
	const clashes = new Set(['*', '0.0.0.0', '::', ...(ip ? [ip] : [])]);
	if (port.role === 'client') clashes.add('127.0.0.1');
	const holder = facts.listening.find(
		(l) => l.port === port.port && clashes.has(l.address.replace(/%.*$/, '')),
	);
	if (!holder) return { kind: 'free' };
	if (holder.process === 'etcd' && isOwnEtcd(spec, facts, token)) return { kind: 'own-etcd' };
	return {
		kind: 'taken',
		process: holder.process || 'a process ss could not name',
		address: holder.address,
	};
}
