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
import { connectionTo, type RestartContext, restartWhenHealthy } from '../run/rolling.js';
import { RekeyStoppedError } from './errors.js';
import { type RenewedMember, renewedMember } from './renew.js';
import { type RollbackReport, rollBackLeaves, rollBackRestart } from './rollback.js';
import {
	adminIdentity,
	changeFiles,
	dropBackups,
	moveLeavesIn,
	type RekeyRun,
} from './run-context.js';
import { withToken } from './token.js';

/** Backups of the three phases, under the run's backup dir. */
const STAGES = { both: '1-trust-both', leaves: '2-new-certs', only: '3-new-ca-only' } as const;
/** What a member was about to do in each phase, for the message of a stop. */
const GOALS = {
	both: 'to trust the old and the new CA',
	leaves: 'to present certificates of the new CA',
	only: 'to trust only the new CA',
} as const;
type Phase = keyof typeof GOALS;

/** The outcome of a CA rotation. */
export interface RotatedCa {
	/** SHA-256 fingerprint of the new CA. */
	readonly caFingerprint: string;
	readonly members: readonly RenewedMember[];
	/** Members in the order they were restarted (each twice). */
	readonly restarted: readonly string[];
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
 * run stops, saying where the cluster stands.
 */
export async function rotateCa(run: RekeyRun): Promise<RotatedCa> {
	const { prepared, emit } = run;
	const { local, members } = prepared;
	const names = members.map((m) => m.name);
	const before = await run.probe.check(adminIdentity(local.ca.certPem, local.admin));
	if (!before.cluster.healthy) {
		const sick = before.members.flatMap((m) => m.error ?? []).join('; ');
		throw new RekeyStoppedError(
			`rekey --ca restarts every member twice and needs every member healthy first; nothing was changed: ${sick}`,
			'etcd-wizard health <cluster.yaml> shows what is wrong; fix it, then run rekey --ca again',
		);
	}
	emit({ type: 'phase', title: 'A new CA and certificates from it' });
	const next = await issueNext(run);
	emit({
		type: 'log',
		level: 'info',
		message: `new CA ${inspectCertificate(next.ca.certPem).subject}, SHA-256 ${fingerprint(next.ca.certPem)}`,
	});
	const bundle = caBundle(local.ca.certPem, next.ca.certPem);
	const restarted: string[] = [];

	const both = adminIdentity(bundle, local.admin);
	for (const name of names) {
		await restartWhenHealthy(
			{
				node: name,
				reason: 'trust the old and the new CA',
				title: `Trust the old and the new CA: ${name}`,
				change: () => changeFiles(run, name, STAGES.both, [run.file('ca.crt', bundle)]),
				recover: (error) =>
					stop(run, name, 'both', error, () => rollBackRestart(run, name, STAGES.both, both)),
			},
			restartContext(run, both),
		);
		restarted.push(name);
	}

	await moveLeaves(run, next, both);
	emit({ type: 'phase', title: `Keep the new CA in ${local.dir}` });
	await installRotatedPki(local.dir, next);
	emit({
		type: 'log',
		level: 'info',
		message: `pki: ca.crt, ca.key, admin.* and members/* now from the new CA; the previous CA is kept as ca.prev.crt/ca.prev.key until the rotation succeeds`,
	});

	const only = adminIdentity(next.ca.certPem, next.admin);
	for (const name of names) {
		await restartWhenHealthy(
			{
				node: name,
				reason: 'trust only the new CA',
				title: `Trust only the new CA: ${name}`,
				change: () => changeFiles(run, name, STAGES.only, [run.file('ca.crt', next.ca.certPem)]),
				recover: (error) =>
					stop(run, name, 'only', error, () => rollBackRestart(run, name, STAGES.only, only)),
			},
			restartContext(run, only),
		);
		restarted.push(name);
	}
	await dropBackups(run);
	await dropPreviousCa(local.dir);
	return {
		caFingerprint: fingerprint(next.ca.certPem),
		members: names.map((name) => renewedMember(name, next.members.get(name) as MemberMaterial)),
		restarted,
	};
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
 * cluster's). No restart: etcd presents them at the next handshake. A failure puts every
 * member changed so far back to its previous certificates.
 */
async function moveLeaves(run: RekeyRun, next: NextPki, both: ClientIdentity): Promise<void> {
	const { prepared, emit, signal } = run;
	const token = clusterToken(prepared.spec, next.ca.certPem);
	const present = adminIdentity(next.ca.certPem, next.admin);
	const changed: string[] = [];
	for (const { name } of prepared.members) {
		signal?.throwIfAborted();
		emit({ type: 'phase', title: `Certificates from the new CA: ${name}` });
		const material = next.members.get(name) as MemberMaterial;
		try {
			const config = withToken(run.original(name, 'etcd.conf.yml') ?? '', token);
			changed.push(name);
			await moveLeavesIn(run, name, STAGES.leaves, material, [run.file('etcd.conf.yml', config)], {
				present,
				health: adminIdentity(both.caCert, next.admin),
				want: 'all',
			});
		} catch (error) {
			await stop(run, name, 'leaves', error, () =>
				rollBackLeaves(run, [...changed].reverse(), STAGES.leaves, both),
			);
		}
	}
}

/**
 * Rolls back (unless the run was aborted) and throws the error that says what happened, where
 * the cluster stands, where the local PKI stands and what to do next.
 */
async function stop(
	run: RekeyRun,
	node: string,
	phase: Phase,
	error: unknown,
	rollBack: () => Promise<RollbackReport>,
): Promise<never> {
	if (run.signal?.aborted) throw error;
	const report = await rollBack();
	const where = standing(run, phase);
	throw new RekeyStoppedError(
		[
			`rekey --ca stopped at ${node}, which was ${GOALS[phase]}: ${(error as Error).message}`,
			...report,
			...where.lines,
			`backups stay on the hosts in ${run.backupDir}`,
		].join('\n'),
		`fix the cause on ${node} (journalctl -u etcd -n 50 on ${node}), then ${where.next}`,
		{ cause: error },
	);
}

/** Where a stopped rotation leaves the cluster and the local PKI, by the phase it stopped in. */
function standing(run: RekeyRun, phase: Phase): { lines: string[]; next: string } {
	const dir = run.prepared.local.dir;
	if (phase === 'only') {
		return {
			lines: [
				'every member presents certificates of the new CA; members not yet restarted still trust the old CA too',
				`${dir} holds the new CA; the previous one is kept as ca.prev.crt/ca.prev.key`,
			],
			next: '`etcd-wizard apply <cluster.yaml>` finishes the rotation (the new CA alone, one restart at a time)',
		};
	}
	return {
		lines: [
			'the cluster still runs on the old CA; members that already trust the new CA too keep that until `etcd-wizard apply <cluster.yaml>` writes the old CA file back',
			`${dir} is unchanged; the new CA was discarded`,
		],
		next: 'run `etcd-wizard rekey <cluster.yaml> --ca` again',
	};
}

function restartContext(run: RekeyRun, identity: ClientIdentity): RestartContext {
	return {
		emit: run.emit,
		...(run.signal ? { signal: run.signal } : {}),
		connection: (name) => connectionTo(run.prepared.connections, name),
		healthy: () => run.probe.healthy(identity, 'all'),
	};
}

function fingerprint(pem: string): string {
	return new X509Certificate(pem).fingerprint256;
}
