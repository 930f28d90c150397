import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../cluster/atomic-file.js';
import { foreignOwnerProblem } from '../cluster/ownership.js';
import type { CertAndKey } from './types.js';

/** Modes of what the PKI dir holds: only the operator reads keys or lists the dirs. */
export const DIR_MODE = 0o700;
export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

/** File names relative to the PKI dir (design.md's layout). */
export const CA_FILES = { cert: 'ca.crt', key: 'ca.key' } as const;
export const ADMIN_FILES = { cert: 'admin.crt', key: 'admin.key' } as const;
export const MEMBERS_DIR = 'members';

/** A certificate file and its key file, relative to the PKI dir. */
export interface PairFiles {
	readonly cert: string;
	readonly key: string;
}

/** `members/<name>/server.crt|key` or `peer.crt|key`. */
export function memberFiles(name: string, kind: 'server' | 'peer'): PairFiles {
	return { cert: `${MEMBERS_DIR}/${name}/${kind}.crt`, key: `${MEMBERS_DIR}/${name}/${kind}.key` };
}

/**
 * Refuses a pki dir, or a ca.key in it, owned by another user than this process's (who could
 * replace ca.key), naming the owner and what to do; a dir that does not exist yet passes.
 * Called before the dir is made or its mode narrowed.
 */
export async function assertOwnPkiDir(pkiDir: string): Promise<void> {
	for (const path of [pkiDir, join(pkiDir, CA_FILES.key)]) {
		const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return undefined;
			throw error;
		});
		if (found === undefined) return;
		const problem = await foreignOwnerProblem(path, found.uid, pkiDir);
		if (problem) throw new Error(problem);
	}
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** Reads a pair; either half may be missing. */
export async function readPair(
	pkiDir: string,
	files: PairFiles,
): Promise<{ certPem?: string; keyPem?: string }> {
	const [certPem, keyPem] = await Promise.all([
		readIfExists(join(pkiDir, files.cert)),
		readIfExists(join(pkiDir, files.key)),
	]);
	return {
		...(certPem === undefined ? {} : { certPem }),
		...(keyPem === undefined ? {} : { keyPem }),
	};
}

/** Writes key then certificate, each atomically: a crash between leaves a mismatch that the next run repairs. */
export async function writePair(pkiDir: string, files: PairFiles, pair: CertAndKey): Promise<void> {
	await writeFileAtomic(join(pkiDir, files.key), pair.keyPem, KEY_MODE);
	await writeFileAtomic(join(pkiDir, files.cert), pair.certPem, CERT_MODE);
}

/** Narrows a key file readable by others to 0600; says whether it had to. */
export async function tightenKeyMode(path: string): Promise<boolean> {
	const { mode } = await stat(path);
	if ((mode & 0o777) === KEY_MODE) return false;
	await chmod(path, KEY_MODE);
	return true;
}

/** What `health` needs: the CA certificate and the operator's client certificate. */
export async function loadPki(
	pkiDir: string,
): Promise<{ caCert: string; adminCert: string; adminKey: string }> {
	const read = async (file: string): Promise<string> => {
		const text = await readIfExists(join(pkiDir, file));
		if (text === undefined) {
			throw new Error(
				`${join(pkiDir, file)} is missing: run \`etcd-wizard apply <cluster.yaml>\` to create the PKI`,
			);
		}
		return text;
	};
	const [caCert, adminCert, adminKey] = await Promise.all([
		read(CA_FILES.cert),
		read(ADMIN_FILES.cert),
		read(ADMIN_FILES.key),
	]);
	return { caCert, adminCert, adminKey };
}
