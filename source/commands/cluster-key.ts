import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { type LoadedCluster, loadClusterFile } from '../cluster/index.js';
import { clusterPath } from '../run/context.js';
import { expandHome } from '../ssh/index.js';
import type { IdentityFileCheck, KeyCheck } from '../wizard/index.js';

/** Why a key file cannot be read, in words (errno codes an operator meets). */
function unreadable(error: NodeJS.ErrnoException): string {
	switch (error.code) {
		case 'ENOENT':
			return 'there is no such file';
		case 'EACCES':
			return 'it is not readable by this user';
		case 'EISDIR':
			return 'it is a directory';
		default:
			return error.message;
	}
}

/**
 * Whether a key file on this machine holds a private key that opens without a passphrase, or
 * with `passphrase`. `identityFile` is absolute or starts with `~/`; it is named as given in
 * the answer.
 */
export async function checkIdentity(
	identityFile: string,
	passphrase?: string,
): Promise<IdentityFileCheck> {
	let key: Buffer;
	try {
		key = await readFile(expandHome(identityFile));
	} catch (error) {
		return { status: 'unusable', identityFile, reason: unreadable(error as NodeJS.ErrnoException) };
	}
	const bare = ssh2.utils.parseKey(key);
	if (bare instanceof Error && /no passphrase given/i.test(bare.message)) {
		if (passphrase === undefined) return { status: 'needed', identityFile };
		const opened = ssh2.utils.parseKey(key, passphrase);
		return opened instanceof Error ? { status: 'wrong', identityFile } : { status: 'ok' };
	}
	if (bare instanceof Error) {
		return {
			status: 'unusable',
			identityFile,
			reason: `it is not a private key (${bare.message})`,
		};
	}
	const [parsed] = Array.isArray(bare) ? bare : [bare];
	if (parsed && !parsed.isPrivateKey()) {
		return {
			status: 'unusable',
			identityFile,
			reason: 'it is a public key; choose the file without .pub',
		};
	}
	return { status: 'ok' };
}

/**
 * Whether the identity file of a loaded cluster opens without a passphrase, or with
 * `passphrase` (see `checkIdentity`). Read on this machine before connecting, so that a front
 * end can ask the passphrase first. With `ssh.agent: true` and an agent running nothing is
 * asked: the key is expected in the agent (`ssh-add`), and connecting falls back to it.
 */
export async function checkLoadedKey(
	loaded: Pick<LoadedCluster, 'spec' | 'path'>,
	passphrase?: string,
): Promise<KeyCheck> {
	const { spec, path } = loaded;
	if (!spec.ssh.identityFile) return { status: 'ok' };
	if (spec.ssh.agent && process.env.SSH_AUTH_SOCK && passphrase === undefined) {
		return { status: 'ok' };
	}
	const check = await checkIdentity(clusterPath(path, spec.ssh.identityFile), passphrase);
	// A file without a usable key: connecting names the problem, as for a headless run.
	return check.status === 'unusable' ? { status: 'ok' } : check;
}

/** As `checkLoadedKey`, for a cluster file read first; rejects naming a file it cannot read. */
export async function checkClusterKey(clusterFile: string, passphrase?: string): Promise<KeyCheck> {
	return checkLoadedKey(await loadClusterFile(clusterFile), passphrase);
}
