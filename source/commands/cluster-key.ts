import { type LoadedCluster, loadClusterFile } from '../cluster/index.js';
import { clusterPath } from '../cluster/paths.js';
import { readKeyFile } from '../ssh/index.js';
import type { IdentityFileCheck, KeyCheck } from '../state/wizard/index.js';

/**
 * Whether a key file on this machine holds a private key that opens without a passphrase, or
 * with `passphrase`. `identityFile` is absolute or starts with `~/`; it is named as given in
 * the answer.
 */
export async function checkIdentity(
	identityFile: string,
	passphrase?: string,
): Promise<IdentityFileCheck> {
	const read = await readKeyFile(identityFile, passphrase);
	switch (read.state) {
		case 'key':
			return { status: 'ok' };
		case 'encrypted':
			return { status: 'needed', identityFile };
		case 'wrong-passphrase':
			return { status: 'wrong', identityFile };
		case 'unusable':
			return { status: 'unusable', identityFile, reason: read.reason };
	}
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
