import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clusterPath } from '../cluster/paths.js';
import type { ClusterSpec } from '../cluster/types.js';
import { ensurePki, type PkiBundle, prewarmKeyPairs } from '../pki/index.js';
import { type ClusterPlan, planCluster } from '../plan/plan.js';
import type { ReachedCluster } from '../reach/cluster.js';
import { withReachedCluster } from '../reach/cluster.js';
import type { ReachOptions } from '../reach/connect.js';
import {
	clusterToken,
	type DesiredFile,
	desiredNodeFiles,
	loadTemplates,
} from '../render/index.js';

/** Everything known before a host is changed: connections, facts, certificates, the plan. */
export interface PreparedCluster extends ReachedCluster {
	readonly pki: PkiBundle | undefined;
	readonly plan: ClusterPlan;
}

export interface PrepareOptions extends ReachOptions {
	/**
	 * Plan only: the certificates that are missing are made in memory (signed with the CA read
	 * from the PKI dir, or a new one) and nothing is written: no copy of ca.key anywhere.
	 */
	readonly scratchPki?: boolean;
}

/**
 * Connects, gathers facts, makes or checks certificates, renders files and plans. Changes no
 * host: the connections are closed by the time it returns.
 */
export function prepareCluster(
	spec: ClusterSpec,
	clusterFile: string,
	options: PrepareOptions,
): Promise<PreparedCluster> {
	return withReachedCluster(spec, clusterFile, options, (reached) => planReached(reached, options));
}

/** How many key pairs {@link planReached} will generate: none once the PKI is complete. */
export function keysToMake(reached: Pick<ReachedCluster, 'spec' | 'clusterFile'>): number {
	const { spec, clusterFile } = reached;
	return missingKeyCount(clusterPath(clusterFile, spec.pki.dir), spec);
}

/**
 * Makes or checks the certificates, renders every member's files and plans; changes no host.
 * The key pairs it needs start generating at once (on the libuv pool, off the main thread).
 */
export async function planReached(
	reached: ReachedCluster,
	options: Pick<PrepareOptions, 'emit' | 'scratchPki'>,
): Promise<PreparedCluster> {
	const { spec, clusterFile, facts, members } = reached;
	if (members.length < spec.hosts.length) {
		// The plan names each host without the interface; no certificate can be made for it.
		const plan = planCluster({ spec, facts, desired: new Map(), token: '' });
		return { ...reached, pki: undefined, plan };
	}
	prewarmKeyPairs(keysToMake(reached));
	options.emit({ type: 'phase', title: 'Certificates' });
	const pki = await ensurePki(
		clusterPath(clusterFile, spec.pki.dir),
		spec.name,
		members.map((m) => ({ name: m.name, ip: m.clusterIp })),
		{ dryRun: options.scratchPki === true },
	);
	for (const action of pki.actions) {
		if (action.action === 'kept') continue;
		options.emit({
			type: 'log',
			level: 'info',
			message: `pki: ${action.file} ${action.action}${action.reason ? ` (${action.reason})` : ''}`,
		});
	}
	const templates = await loadTemplates();
	const desired = new Map<string, DesiredFile[]>();
	for (const member of members) {
		const material = pki.members.get(member.name);
		if (!material) throw new Error(`no certificates were made for ${member.name}`);
		desired.set(
			member.name,
			desiredNodeFiles(
				templates,
				spec,
				member,
				members,
				{ caCert: pki.caCert, ...material },
				'new',
				pki.caCert,
			),
		);
	}
	const plan = planCluster({ spec, facts, desired, token: clusterToken(spec, pki.caCert) });
	return { ...reached, pki, plan };
}

/** How many keys a first run will make: a CA and admin key, and two per member not yet issued. */
function missingKeyCount(pkiDir: string, spec: ClusterSpec): number {
	if (!existsSync(join(pkiDir, 'ca.key'))) return 2 + 2 * spec.hosts.length;
	return (
		2 * spec.hosts.filter((h) => !existsSync(join(pkiDir, 'members', h.name, 'server.key'))).length
	);
}
