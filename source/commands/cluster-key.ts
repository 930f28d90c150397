import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { type LoadedCluster, loadClusterFile } from '../cluster/index.js';
import { clusterPath } from '../run/context.js';
import type { KeyCheck } from '../wizard/index.js';

/**
 * Whether the identity file of a loaded cluster opens without a passphrase, or with
 * `passphrase`. Read on this machine before connecting, so that a front end can ask the
 * passphrase first. A key that cannot be read or is no key at all is `ok` here: connecting
 * names that problem. With `ssh.agent: true` and an agent running nothing is asked: the key is
 * expected in the agent (`ssh-add`), and connecting falls back to it.
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
	const identityFile = clusterPath(path, spec.ssh.identityFile);
	let key: Buffer;
	try {
		key = await readFile(identityFile);
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

/** As `checkLoadedKey`, for a cluster file read first; rejects naming a file it cannot read. */
export async function checkClusterKey(clusterFile: string, passphrase?: string): Promise<KeyCheck> {
	return checkLoadedKey(await loadClusterFile(clusterFile), passphrase);
}
