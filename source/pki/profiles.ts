import type { MemberIdentity } from './types.js';

/** Extended key usages the wizard issues. */
export type ExtKeyUsage = 'serverAuth' | 'clientAuth';

/** What a leaf certificate must say; used both to issue and to check one. */
export interface LeafProfile {
	readonly commonName: string;
	readonly organization?: string;
	readonly ips: readonly string[];
	readonly dns: readonly string[];
	readonly extKeyUsage: readonly ExtKeyUsage[];
}

/**
 * A member's client-facing certificate. It also carries clientAuth because etcd's gRPC gateway
 * dials the member itself with this certificate, which `client-cert-auth` then checks.
 */
export function serverProfile(member: MemberIdentity): LeafProfile {
	return {
		commonName: member.name,
		ips: [member.ip, '127.0.0.1'],
		dns: [member.name, 'localhost'],
		extKeyUsage: ['serverAuth', 'clientAuth'],
	};
}

/** A member's peer certificate: peers both accept and dial, so serverAuth and clientAuth. */
export function peerProfile(member: MemberIdentity): LeafProfile {
	return {
		commonName: member.name,
		ips: [member.ip],
		dns: [member.name],
		extKeyUsage: ['serverAuth', 'clientAuth'],
	};
}

/** A client certificate (the operator's `admin`, later kube-apiserver): clientAuth only. */
export function clientProfile(commonName: string, organization?: string): LeafProfile {
	return {
		commonName,
		...(organization === undefined ? {} : { organization }),
		ips: [],
		dns: [],
		extKeyUsage: ['clientAuth'],
	};
}
