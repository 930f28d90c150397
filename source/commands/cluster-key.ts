import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { type LoadedCluster, loadClusterFile } from '../cluster/index.js';
import { clusterPath } from '../run/context.js';
import { expandHome } from '../ssh/index.js';
import type { KeyCheck } from '../wizard/index.js';

/**
 * Whether a key file on this machine opens without a passphrase, or with `passphrase`.
 * `identityFile` is absolute or starts with `~/`; it is named as given in the answer. A key
 * that cannot be read or is no key at all is `ok` here: connecting names that problem.
 */
export async function checkIdentity(identityFile: string, passphrase?: string): Promise<KeyCheck> {
	let key: Buffer;
	try {
		key = await readFile(expandHome(identityFile));
	} catch {
		return { status: 'ok' };
	}
	const bare = ssh2.utils.parseKey(key);
	if (!(bare instanceof Error) || !/no passphrase given/i.test(bare.message))
		return { status: 'ok' };
	if (passphrase === undefined) return { status: 'needed', identityFile };
	const opened = ssh2.utils.parseKey(key, passphrase);
	return opened instanceof Error ? { status: 'wrong', identityFile } : { status: 'ok' };
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
	return checkIdentity(clusterPath(path, spec.ssh.identityFile), passphrase);
}

/** As `checkLoadedKey`, for a cluster file read first; rejects naming a file it cannot read. */
export async function checkClusterKey(clusterFile: string, passphrase?: string): Promise<KeyCheck> {
	return checkLoadedKey(await loadClusterFile(clusterFile), passphrase);
}
