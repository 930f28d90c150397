import { join } from 'node:path';
import { type CertAndKey, PREVIOUS_CA_FILES } from '../pki/index.js';
import {
	ADMIN_FILES,
	CA_FILES,
	memberFiles,
	type PairFiles,
	readIfExists,
	readPair,
} from '../pki/store.js';
import { readClientCertificates } from './client-certificate.js';

/** A member's certificates as kept on this machine (either may be missing). */
export interface LocalMemberCerts {
	readonly server?: string;
	readonly peer?: string;
}

/** The PKI dir as rekey reads it: nothing is written or reissued while reading. */
export interface LocalPki {
	readonly dir: string;
	readonly ca: CertAndKey;
	readonly admin: CertAndKey;
	readonly members: ReadonlyMap<string, LocalMemberCerts>;
	/** ca.prev.crt, left by a CA rotation that did not finish. */
	readonly previousCa?: string;
	/** Extra client certificates (clients/<name>.crt) by name. */
	readonly clients?: ReadonlyMap<string, string>;
}

/** Reads the CA (with its key), the admin pair and each named member's certificates. */
export async function readLocalPki(dir: string, names: readonly string[]): Promise<LocalPki> {
	// Settled in order, so a missing CA is named before a missing admin pair, whatever reads first.
	const [caRead, adminRead] = await Promise.allSettled([
		requiredPair(dir, CA_FILES, 'rekey signs with the CA kept on this machine'),
		requiredPair(dir, ADMIN_FILES, 'rekey checks the cluster with the admin certificate'),
	]);
	if (caRead.status === 'rejected') throw caRead.reason;
	if (adminRead.status === 'rejected') throw adminRead.reason;
	const ca = caRead.value;
	const admin = adminRead.value;
	const [previousCa, clients] = await Promise.all([
		readIfExists(join(dir, PREVIOUS_CA_FILES.cert)),
		readClientCertificates(dir),
	]);
	const members = new Map<string, LocalMemberCerts>();
	await Promise.all(
		names.map(async (name) => {
			const [server, peer] = await Promise.all([
				readIfExists(join(dir, memberFiles(name, 'server').cert)),
				readIfExists(join(dir, memberFiles(name, 'peer').cert)),
			]);
			members.set(name, {
				...(server === undefined ? {} : { server }),
				...(peer === undefined ? {} : { peer }),
			});
		}),
	);
	return { dir, ca, admin, members, clients, ...(previousCa === undefined ? {} : { previousCa }) };
}

async function requiredPair(dir: string, files: PairFiles, why: string): Promise<CertAndKey> {
	const { certPem, keyPem } = await readPair(dir, files);
	for (const [file, text] of [
		[files.cert, certPem],
		[files.key, keyPem],
	] as const) {
		if (text === undefined) {
			throw new Error(
				`${join(dir, file)} is missing: ${why}; restore it from a backup, or run \`etcd-wizard apply <cluster.yaml>\` if this cluster was never set up`,
			);
		}
	}
	return { certPem: certPem as string, keyPem: keyPem as string };
}
