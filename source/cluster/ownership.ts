import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';

/**
 * Why the pki dir (`dir`) or a file in it (`path`, owned by `uid`) cannot be trusted: it belongs
 * to another user than this process's, who could replace ca.key (the key to every member), even
 * when its mode is 0700; undefined when it is ours, or the platform has no uids. Root may read
 * anyone's files, but must refuse them all the same.
 */
export async function foreignOwnerProblem(
	path: string,
	uid: number,
	dir: string,
): Promise<string | undefined> {
	const self = process.getuid?.();
	if (self === undefined || uid === self) return undefined;
	const [owner, me] = await Promise.all([userName(uid), userName(self)]);
	const named = (id: number, name: string | undefined) =>
		name === undefined ? `uid ${id}` : `uid ${id}, ${name}`;
	const ownerShown = owner === undefined ? `uid ${uid}` : `uid ${uid} (${owner})`;
	return `${path} is owned by ${ownerShown}, not by you (${named(self, me)}): that user could replace ca.key, the key to every member; chown it to yourself (chown -R ${me ?? self} ${dir}) or choose another pki.dir`;
}

/** The user name of `uid`: this process's from the OS, another's from /etc/passwd, if any. */
async function userName(uid: number): Promise<string | undefined> {
	if (uid === process.getuid?.()) {
		try {
			return userInfo().username;
		} catch {
			// No passwd entry for this process's uid: look it up like any other.
		}
	}
	const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
	for (const line of passwd.split('\n')) {
		const [name, , id] = line.split(':');
		if (name && id === String(uid)) return name;
	}
	return undefined;
}
