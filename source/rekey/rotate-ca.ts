import { X509Certificate } from 'node:crypto';
import type { ClientIdentity } from '../health/index.js';
import {
	type CertAndKey,
	caBundle,
	createCa,
	dropPreviousCa,
	inspectCertificate,
	installRotatedPki,
	issueClientCertificate,
	issueMemberCertificates,
	type MemberMaterial,
} from '../pki/index.js';
import { clusterToken } from '../render/index.js';
import { abortedWith, rotationStand } from './abort-report.js';
import {
	healthyFirst,
	localIdentity,
	type Progress,
	restartTurns,
	STAGES,
	stop,
} from './ca-turns.js';
import { renewedMember } from './renew.js';
import { rollBackLeaves } from './rollback.js';
import {
	abortedBy,
	adminIdentity,
	committed,
	dropBackups,
	moveLeavesIn,
	type RekeyRun,
	standContext,
} from './run-context.js';
import { withToken } from './token.js';
import type { RenewedMember } from './types.js';

/** The outcome of a CA rotation. */
export interface RotatedCa {
	/** SHA-256 fingerprint of the new CA. */
	readonly caFingerprint: string;
	readonly members: readonly RenewedMember[];
	/** Members in the order they were restarted (each twice; once when finishing a rotation). */
	readonly restarted: readonly string[];
	/** Serial of the admin certificate this run issued (none when it finished an earlier run). */
	readonly adminSerial?: string;
}

/** The new CA and everything issued from it, made before any host is touched. */
interface NextPki {
	readonly ca: CertAndKey;
	readonly admin: CertAndKey;
	readonly members: ReadonlyMap<string, MemberMaterial>;
}

/**
 * Replaces the cluster's CA without downtime. 1: each member in turn trusts the old and the new
 * CA (a bundle) and restarts, once the cluster is healthy. 2: each member gets server and peer
 * certificates from the new CA (no restart) and the config's token for the new CA; then the
 * local PKI switches, keeping the old CA as ca.prev.*. 3: each member in turn trusts only the
 * new CA and restarts. A member that does not come back gets its previous files back and the
 * run stops, saying where the cluster stands. When an earlier run stopped in phase 3
 * (`prepared.pendingRotation`), only phase 3 is done, for the members it did not reach.
 *
 * Ctrl-C stops the run between members (the member being changed is finished, or put back in
 * phase 2) with a RekeyAbortedError that says where every member and the local PKI stand.
 */
export async function rotateCa(run: RekeyRun): Promise<RotatedCa> {
	const pending = run.prepared.pendingRotation ?? [];
	const progress: Progress = { phase: 'start', done: [] };
	try {
		return pending.length > 0
			? await finishRotation(run, pending, progress)
			: await rotate(run, progress);
	} catch (error) {
		if (!abortedBy(run, error)) throw error;
		throw abortedWith(run.emit, rotationStand(progress, standContext(run)));
	}
}

async function rotate(run: RekeyRun, progress: Progress): Promise<RotatedCa> {
	const { prepared, emit } = run;
	const { local, members } = prepared;
	const names = members.map((m) => m.name);
	await healthyFirst(run, localIdentity(run));
	emit({ type: 'phase', title: 'A new CA and certificates from it' });
	const next = await issueNext(run);
	run.signal?.throwIfAborted();
	emit({
		type: 'log',
		level: 'info',
		message: `new CA ${inspectCertificate(next.ca.certPem).subject}, SHA-256 ${fingerprint(next.ca.certPem)}`,
	});
	const bundle = caBundle(local.ca.certPem, next.ca.certPem);
	const both = adminIdentity(bundle, local.admin);
	Object.assign(progress, { phase: 'both', done: [] });
	const trustBoth = await restartTurns(run, progress, 'both', names, bundle, both);

	Object.assign(progress, { phase: 'leaves', done: [] });
	await moveLeaves(run, next, both, progress);
	// No check of the signal between phase 2 and the switch: the hosts present the new CA's
	// certificates now, so the local PKI must follow them.
	emit({ type: 'phase', title: `Keep the new CA in ${local.dir}` });
	await installRotatedPki(local.dir, next);
	emit({
		type: 'log',
		level: 'info',
		message: `pki: ca.crt, ca.key, admin.* and members/* now from the new CA; the previous CA is kept as ca.prev.crt/ca.prev.key until the rotation succeeds`,
	});

	Object.assign(progress, { phase: 'only', done: [] });
	const only = adminIdentity(next.ca.certPem, next.admin);
	const trustNew = await restartTurns(run, progress, 'only', names, next.ca.certPem, only);
	await finish(run);
	return {
		caFingerprint: fingerprint(next.ca.certPem),
		members: names.map((name) => renewedMember(name, next.members.get(name) as MemberMaterial)),
		restarted: [...trustBoth, ...trustNew],
		adminSerial: inspectCertificate(next.admin.certPem).serial,
	};
}

/**
 * Phase 3 of a rotation an earlier run stopped in: the local PKI already holds the new CA and
 * every member presents its certificates; `pending` still trust the previous CA too.
 */
async function finishRotation(
	run: RekeyRun,
	pending: readonly string[],
	progress: Progress,
): Promise<RotatedCa> {
	const { local, members } = run.prepared;
	const names = members.map((m) => m.name);
	const only = localIdentity(run);
	Object.assign(progress, { phase: 'only', done: names.filter((n) => !pending.includes(n)) });
	await healthyFirst(run, only);
	run.emit({
		type: 'log',
		level: 'info',
		message: `finishing the CA rotation an earlier run began: ${pending.join(', ')} still trust the previous CA (${local.dir}/ca.prev.crt) too`,
	});
	const restarted = await restartTurns(run, progress, 'only', pending, local.ca.certPem, only);
	await finish(run);
	return {
		caFingerprint: fingerprint(local.ca.certPem),
		members: names.map((name) => ({
			name,
			serverSerial: inspectCertificate(run.original(name, 'server.crt') ?? '').serial,
			peerSerial: inspectCertificate(run.original(name, 'peer.crt') ?? '').serial,
		})),
		restarted,
	};
}

/** The rotation succeeded: its backups and the previous CA go (not cut short by Ctrl-C). */
async function finish(run: RekeyRun): Promise<void> {
	await dropBackups(committed(run));
	await dropPreviousCa(run.prepared.local.dir);
}

/** The new CA, the admin certificate and every member's certificates from it. */
async function issueNext(run: RekeyRun): Promise<NextPki> {
	const { members, spec } = run.prepared;
	const ca = await createCa(spec.name);
	const [admin, ...materials] = await Promise.all([
		issueClientCertificate(ca, 'admin'),
		...members.map((m) => issueMemberCertificates(ca, { name: m.name, ip: m.clusterIp })),
	]);
	const issued = new Map<string, MemberMaterial>();
	members.forEach((m, i) => {
		const material = materials[i];
		if (material) issued.set(m.name, material);
	});
	return { ca, admin: admin as CertAndKey, members: issued };
}

/**
 * Phase 2: one member at a time, certificates from the new CA and the config's token for it
 * (the token is derived from the CA; apply would otherwise take the data for another
 * cluster's). No restart: etcd presents them at the next handshake. A failure, or Ctrl-C,
 * puts every member changed so far back to its previous certificates: until the local PKI
 * switches, the members must present the old CA's.
 */
async function moveLeaves(
	run: RekeyRun,
	next: NextPki,
	both: ClientIdentity,
	progress: Progress,
): Promise<void> {
	const { prepared, emit } = run;
	const steady = committed(run);
	const token = clusterToken(prepared.spec, next.ca.certPem);
	const present = adminIdentity(next.ca.certPem, next.admin);
	const changed: string[] = [];
	const putBack = () => rollBackLeaves(steady, [...changed].reverse(), STAGES.leaves, both);
	for (const { name } of prepared.members) {
		if (run.signal?.aborted) {
			throw abortedWith(emit, rotationStand(progress, standContext(run), await putBack()));
		}
		emit({ type: 'phase', title: `Certificates from the new CA: ${name}` });
		const material = next.members.get(name) as MemberMaterial;
		try {
			const config = withToken(run.original(name, 'etcd.conf.yml') ?? '', token);
			changed.push(name);
			await moveLeavesIn(
				steady,
				name,
				STAGES.leaves,
				material,
				[run.file('etcd.conf.yml', config)],
				{ present, health: adminIdentity(both.caCert, next.admin), want: 'all' },
			);
		} catch (error) {
			await stop(steady, name, 'leaves', error, putBack);
		}
		progress.done.push(name);
	}
}

function fingerprint(pem: string): string {
	return new X509Certificate(pem).fingerprint256;
}
