import { X509Certificate } from 'node:crypto';
import { posix } from 'node:path';
import { clusterPath } from '../cluster/paths.js';
import type { ClusterSpec } from '../cluster/types.js';
import type { Problem } from '../events/refused.js';
import { splitCertificates } from '../pki/index.js';
import { memberIp, noAddressMessage } from '../plan/member-address.js';
import { reachCluster } from '../reach/cluster.js';
import { closeAll, type ReachOptions } from '../reach/connect.js';
import { clusterToken, etcdConfigPath } from '../render/index.js';
import type { PreparedCluster } from '../run/prepare.js';
import type { HostFacts } from '../shell/facts.js';
import { certificateInventory, HOST_CERTIFICATE_FILES } from './inventory.js';
import { type LocalPki, readLocalPki } from './local-pki.js';
import { configToken } from './token.js';
import type { Inventory } from './types.js';

/**
 * What rekey knows before it changes anything: what apply knows of the hosts (members are every
 * host with its address on etcd.interface), the local PKI as it is, and the inventory.
 */
export interface PreparedRekey
	extends Pick<PreparedCluster, 'spec' | 'clusterFile' | 'connections' | 'facts' | 'members'> {
	readonly local: LocalPki;
	readonly inventory: Inventory;
	/** What stops a rekey; nothing is changed while there is one. */
	readonly problems: readonly Problem[];
	/**
	 * Members that still trust the previous CA too after a CA rotation stopped in its last phase
	 * (the PKI dir keeps ca.prev.*): `rekey --ca` finishes that rotation instead of starting one.
	 */
	readonly pendingRotation?: readonly string[];
}

export interface PrepareRekeyOptions extends ReachOptions {
	/** A CA rotation (more is required of the hosts than for a renewal). */
	readonly ca: boolean;
	readonly now?: Date;
}

/** Connects, gathers facts, reads the local PKI (changing nothing) and lists the certificates. */
export async function prepareRekey(
	spec: ClusterSpec,
	clusterFile: string,
	options: PrepareRekeyOptions,
): Promise<PreparedRekey> {
	const local = await readLocalPki(
		clusterPath(clusterFile, spec.pki.dir),
		spec.hosts.map((h) => h.name),
	);
	const reached = await reachCluster(spec, clusterFile, options);
	try {
		const { facts } = reached;
		const confDir = spec.etcd.confDir;
		const inventory = certificateInventory({
			confDir,
			pkiDir: spec.pki.dir,
			hosts: spec.hosts.map((h) => ({
				name: h.name,
				files: new Map(
					HOST_CERTIFICATE_FILES.map((name) => {
						const path = posix.join(confDir, name);
						return [path, facts.get(h.name)?.files.get(path)?.content] as const;
					}),
				),
			})),
			local,
			now: options.now ?? new Date(),
		});
		const problems = rekeyProblems(spec, facts, local, inventory, options.ca);
		const pending = pendingRotation(spec, facts, local);
		return {
			...reached,
			...{ local, inventory, problems },
			...(pending.length > 0 ? { pendingRotation: pending } : {}),
		};
	} catch (error) {
		closeAll(reached.connections);
		throw error;
	}
}

/** Why the hosts cannot be rekeyed as they are. Pure. */
export function rekeyProblems(
	spec: ClusterSpec,
	facts: ReadonlyMap<string, HostFacts>,
	local: LocalPki,
	inventory: Inventory,
	ca: boolean,
): Problem[] {
	// An unreadable extra client certificate is shown in the inventory; it does not concern the
	// members, so it does not stop their re-keying.
	const clientsDir = posix.join(spec.pki.dir, 'clients');
	const blocking = inventory.problems.filter(
		(p) => !(p.location === 'local' && posix.dirname(p.file) === clientsDir),
	);
	const problems: Problem[] = blocking.map((p) => ({
		host: p.location,
		message: p.message,
		hint: 'run `etcd-wizard apply <cluster.yaml>` first: rekey renews the certificates of a cluster apply set up',
	}));
	const localCa = new X509Certificate(local.ca.certPem).fingerprint256;
	const token = clusterToken(spec, local.ca.certPem);
	for (const host of spec.hosts) {
		const hostFacts = facts.get(host.name);
		if (!hostFacts) continue;
		const problem = (message: string, hint: string) =>
			problems.push({ host: host.name, message, hint });
		if (!memberIp(spec, host.name, hostFacts)) {
			problem(
				noAddressMessage(spec, host.name),
				`bring ${spec.etcd.interface} up on ${host.name}; the certificates name that address`,
			);
		}
		if (hostFacts.unit?.activeState !== 'active') {
			problem(
				`etcd is ${hostFacts.unit?.activeState ?? 'not installed'} on ${host.name}`,
				'rekey changes a running cluster: start it with `etcd-wizard apply <cluster.yaml>` first',
			);
		}
		const caFile = hostFacts.files.get(posix.join(spec.etcd.confDir, 'ca.crt'))?.content;
		const trusted = splitCertificates(caFile ?? '').map(fingerprintOf);
		if (caFile !== undefined && !trusted.includes(localCa)) {
			problem(
				`${host.name} does not trust the CA in ${posix.join(local.dir, 'ca.crt')}`,
				'this PKI dir is not the one the cluster was set up with: use the right cluster file, or run `etcd-wizard apply` to deploy this CA',
			);
		}
		if (!ca) continue;
		for (const e of inventory.entries) {
			if (e.location !== host.name || e.file.endsWith('/ca.crt')) continue;
			if (e.issuerFingerprint !== localCa) {
				problem(
					`${host.name}: ${e.file} was not issued by the CA in ${posix.join(local.dir, 'ca.crt')}`,
					'run `etcd-wizard apply <cluster.yaml>` (or a renewal: `etcd-wizard rekey <cluster.yaml>`) first, then rotate the CA',
				);
			}
		}
		const config = hostFacts.files.get(etcdConfigPath(spec))?.content ?? '';
		const found = configToken(config);
		if (found !== token) {
			problem(
				`${host.name}: ${etcdConfigPath(spec)} names initial-cluster-token ${found ?? '(none)'}, not ${token} (this cluster file and CA)`,
				'run `etcd-wizard apply <cluster.yaml>` first so that the config is the one apply writes',
			);
		}
	}
	return problems;
}

/**
 * The hosts a stopped CA rotation has yet to finish: with ca.prev.* in the PKI dir, those whose
 * ca.crt trusts the local CA and another one. None when every host trusts the local CA alone
 * (then ca.prev.* is stale and a new rotation replaces it). Pure.
 */
export function pendingRotation(
	spec: ClusterSpec,
	facts: ReadonlyMap<string, HostFacts>,
	local: Pick<LocalPki, 'ca' | 'previousCa'>,
): string[] {
	if (local.previousCa === undefined) return [];
	const localCa = fingerprintOf(local.ca.certPem);
	const previousCa = fingerprintOf(local.previousCa);
	// Only the bundle phase 3 leaves (the new CA and the one it replaces): a bundle with another
	// CA is what an interrupted later rotation left, and a fresh rotation replaces it.
	return spec.hosts.flatMap((host) => {
		const caFile = facts.get(host.name)?.files.get(posix.join(spec.etcd.confDir, 'ca.crt'));
		const trusted = splitCertificates(caFile?.content ?? '').map(fingerprintOf);
		const both = trusted.includes(localCa) && trusted.includes(previousCa);
		return trusted.length > 1 && both ? [host.name] : [];
	});
}

function fingerprintOf(pem: string): string | undefined {
	try {
		return new X509Certificate(pem).fingerprint256;
	} catch {
		return undefined;
	}
}
