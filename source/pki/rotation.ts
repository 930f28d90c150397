import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirectory } from '../cluster/atomic-file.js';
import {
	ADMIN_FILES,
	CA_FILES,
	DIR_MODE,
	MEMBERS_DIR,
	memberFiles,
	type PairFiles,
	readPair,
	writePair,
} from './store.js';
import type { CertAndKey, MemberMaterial } from './types.js';

/** Where a CA rotation keeps the CA it replaces, until the rotation has succeeded. */
export const PREVIOUS_CA_FILES = { cert: 'ca.prev.crt', key: 'ca.prev.key' } as const;

/** Writes a member's server and peer certificates and keys (keys 0600, each file atomically). */
export async function writeMemberMaterial(
	pkiDir: string,
	name: string,
	material: MemberMaterial,
): Promise<void> {
	await ensureDirectory(join(pkiDir, MEMBERS_DIR), DIR_MODE);
	await ensureDirectory(join(pkiDir, MEMBERS_DIR, name), DIR_MODE);
	await writePair(pkiDir, memberFiles(name, 'server'), {
		certPem: material.serverCert,
		keyPem: material.serverKey,
	});
	await writePair(pkiDir, memberFiles(name, 'peer'), {
		certPem: material.peerCert,
		keyPem: material.peerKey,
	});
}

/** A whole PKI from a new CA, as a CA rotation installs it. */
export interface RotatedPki {
	readonly ca: CertAndKey;
	readonly admin: CertAndKey;
	readonly members: ReadonlyMap<string, MemberMaterial>;
}

/**
 * Puts a rotated PKI in place of the current one: the current CA is first copied to
 * ca.prev.crt/ca.prev.key (replacing an older copy), then the members, the admin and last the
 * CA are written. `dropPreviousCa` removes the copy once the rotation has succeeded.
 */
export async function installRotatedPki(pkiDir: string, next: RotatedPki): Promise<void> {
	await copyPair(pkiDir, CA_FILES, PREVIOUS_CA_FILES);
	for (const [name, material] of next.members) await writeMemberMaterial(pkiDir, name, material);
	await writePair(pkiDir, ADMIN_FILES, next.admin);
	await writePair(pkiDir, CA_FILES, next.ca);
}

/** Removes ca.prev.crt and ca.prev.key (no error when they are absent). */
export async function dropPreviousCa(pkiDir: string): Promise<void> {
	await rm(join(pkiDir, PREVIOUS_CA_FILES.key), { force: true });
	await rm(join(pkiDir, PREVIOUS_CA_FILES.cert), { force: true });
}

async function copyPair(pkiDir: string, from: PairFiles, to: PairFiles): Promise<void> {
	const { certPem, keyPem } = await readPair(pkiDir, from);
	if (certPem === undefined || keyPem === undefined) {
		throw new Error(`${join(pkiDir, from.cert)} or ${join(pkiDir, from.key)} is missing`);
	}
	await writePair(pkiDir, to, { certPem, keyPem });
}
