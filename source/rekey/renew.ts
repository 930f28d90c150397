import { join } from 'node:path';
import {
	type CertAndKey,
	inspectCertificate,
	issueClientCertificate,
	issueMemberCertificates,
	type MemberMaterial,
	writeMemberMaterial,
} from '../pki/index.js';
import { ADMIN_FILES, writePair } from '../pki/store.js';
import { nodeStep } from '../run/node-step.js';
import { abortedWith, renewalStand } from './abort-report.js';
import { RekeyStoppedError } from './errors.js';
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
import type { RenewedMember } from './types.js';

/** The backup of a renewal, under the run's backup dir. */
const STAGE = 'renew';

/** What a renewal renewed. */
export interface Renewal {
	readonly members: readonly RenewedMember[];
	/** Serial of the new admin certificate in the PKI dir, when every member was renewed. */
	readonly adminSerial?: string;
}

/** Whether renewing `chosen` renews the admin certificate too: only when it covers every member. */
export function renewsAdmin(all: readonly string[], chosen: readonly string[]): boolean {
	return all.every((name) => chosen.includes(name));
}

/**
 * Renews the server and peer certificates of `names` with the same CA, one member at a time and
 * without a restart (etcd reads its leaf certificates at every handshake): files kept, new ones
 * moved in together, both ports checked for the new serial, the cluster checked for health, then
 * the local copy written. A member that fails gets its previous files back and the run stops.
 * When `names` is every member, the admin client certificate is renewed last (PKI dir only).
 * Ctrl-C stops the run once the member being changed is finished, saying where things stand.
 */
export async function renewMembers(run: RekeyRun, names: readonly string[]): Promise<Renewal> {
	const every = renewsAdmin(
		run.prepared.members.map((m) => m.name),
		names,
	);
	const renewed: RenewedMember[] = [];
	try {
		const adminSerial = await renew(run, names, every, renewed);
		return { members: renewed, ...(adminSerial ? { adminSerial } : {}) };
	} catch (error) {
		if (!abortedBy(run, error)) throw error;
		const stand = renewalStand(
			renewed.map((r) => r.name),
			standContext(run),
			every,
		);
		throw abortedWith(run.emit, stand);
	}
}

/** The renewal proper; fills `renewed` as members are done, returns the admin serial if renewed. */
async function renew(
	run: RekeyRun,
	names: readonly string[],
	every: boolean,
	renewed: RenewedMember[],
): Promise<string | undefined> {
	const { prepared, emit, signal } = run;
	const { local } = prepared;
	const identity = adminIdentity(local.ca.certPem, local.admin);
	const before = await run.probe.check(identity);
	// Expired certificates are a reason to renew, not to refuse: then ask only for a quorum.
	const want = before.cluster.healthy ? 'all' : 'quorum';
	if (!before.cluster.healthy) {
		emit({
			type: 'log',
			level: 'warn',
			message: `the cluster is not healthy before the renewal; each member must keep a quorum: ${before.members.flatMap((m) => m.error ?? []).join('; ')}`,
		});
	}
	emit({ type: 'phase', title: 'New certificates from the same CA' });
	const [issued, admin] = await Promise.all([
		issueAll(run, names),
		every ? issueClientCertificate(local.ca, 'admin') : undefined,
	]);
	const steady = committed(run);
	for (const name of names) {
		signal?.throwIfAborted();
		emit({ type: 'phase', title: `Renew certificates: ${name}` });
		const material = issued.get(name) as MemberMaterial;
		try {
			await moveLeavesIn(steady, name, STAGE, material, [], {
				present: identity,
				health: identity,
				want,
			});
		} catch (error) {
			const report = await rollBackLeaves(steady, [name], STAGE, identity);
			const done = renewed.length === 0 ? 'no member' : renewed.map((r) => r.name).join(', ');
			throw new RekeyStoppedError(
				[
					`renewal stopped at ${name}: ${(error as Error).message}`,
					...report,
					`renewed before the stop (new certificates kept, also in ${local.dir}): ${done}`,
					`backups stay on the hosts in ${run.backupDir}`,
				].join('\n'),
				`fix the cause on ${name} (journalctl -u etcd -n 50), then run rekey again`,
				{ cause: error },
			);
		}
		await writeMemberMaterial(local.dir, name, material);
		renewed.push(renewedMember(name, material));
	}
	const serial = admin ? await keepAdmin(run, admin) : undefined;
	await dropBackups(steady);
	return serial;
}

/** Writes the new admin pair (each file atomically, key 0600) and says so; returns its serial. */
async function keepAdmin(run: RekeyRun, admin: CertAndKey): Promise<string> {
	const dir = run.prepared.local.dir;
	await writePair(dir, ADMIN_FILES, admin);
	const { serial, notAfter } = inspectCertificate(admin.certPem);
	run.emit({
		type: 'log',
		level: 'info',
		message: `${join(dir, ADMIN_FILES.cert)} renewed: serial ${serial}, valid until ${notAfter.toISOString().slice(0, 10)} (same CA: the previous one is accepted until it expires)`,
	});
	return serial;
}

async function issueAll(
	run: RekeyRun,
	names: readonly string[],
): Promise<Map<string, MemberMaterial>> {
	const { prepared, emit } = run;
	const entries = await Promise.all(
		names.map((name) =>
			nodeStep(emit, name, 'issue', 'Issue server and peer certificates', async () => {
				const ip = prepared.members.find((m) => m.name === name)?.clusterIp ?? '';
				return [name, await issueMemberCertificates(prepared.local.ca, { name, ip })] as const;
			}),
		),
	);
	return new Map(entries);
}

/** A member with the serials of the certificates in `material`. */
export function renewedMember(name: string, material: MemberMaterial): RenewedMember {
	return {
		name,
		serverSerial: inspectCertificate(material.serverCert).serial,
		peerSerial: inspectCertificate(material.peerCert).serial,
	};
}
