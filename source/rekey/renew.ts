import {
	inspectCertificate,
	issueMemberCertificates,
	type MemberMaterial,
	writeMemberMaterial,
} from '../pki/index.js';
import { nodeStep } from '../run/node-step.js';
import { RekeyStoppedError } from './errors.js';
import { rollBackLeaves } from './rollback.js';
import { adminIdentity, dropBackups, moveLeavesIn, type RekeyRun } from './run-context.js';

/** The backup of a renewal, under the run's backup dir. */
const STAGE = 'renew';

/** A member whose certificates were renewed, with the serials it now presents. */
export interface RenewedMember {
	readonly name: string;
	readonly serverSerial: string;
	readonly peerSerial: string;
}

/**
 * Renews the server and peer certificates of `names` with the same CA, one member at a time and
 * without a restart (etcd reads its leaf certificates at every handshake): files kept, new ones
 * moved in together, both ports checked for the new serial, the cluster checked for health, then
 * the local copy written. A member that fails gets its previous files back and the run stops.
 */
export async function renewMembers(
	run: RekeyRun,
	names: readonly string[],
): Promise<RenewedMember[]> {
	const { prepared, emit, signal } = run;
	const identity = adminIdentity(prepared.local.ca.certPem, prepared.local.admin);
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
	const issued = await issueAll(run, names);
	const renewed: RenewedMember[] = [];
	for (const name of names) {
		signal?.throwIfAborted();
		emit({ type: 'phase', title: `Renew certificates: ${name}` });
		const material = issued.get(name) as MemberMaterial;
		try {
			await moveLeavesIn(run, name, STAGE, material, [], {
				present: identity,
				health: identity,
				want,
			});
		} catch (error) {
			if (signal?.aborted) throw error;
			const report = await rollBackLeaves(run, [name], STAGE, identity);
			const done = renewed.length === 0 ? 'no member' : renewed.map((r) => r.name).join(', ');
			throw new RekeyStoppedError(
				[
					`renewal stopped at ${name}: ${(error as Error).message}`,
					...report,
					`renewed before the stop (new certificates kept, also in ${prepared.local.dir}): ${done}`,
					`backups stay on the hosts in ${run.backupDir}`,
				].join('\n'),
				`fix the cause on ${name} (journalctl -u etcd -n 50), then run rekey again`,
				{ cause: error },
			);
		}
		await writeMemberMaterial(prepared.local.dir, name, material);
		renewed.push(renewedMember(name, material));
	}
	await dropBackups(run);
	return renewed;
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
