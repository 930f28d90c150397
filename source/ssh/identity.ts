import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { SshError } from './errors.js';
import { expandHome } from './known-hosts-file.js';

/** What ssh2 needs to authenticate: a private key (checked to be readable), an agent, or both. */
export interface Identity {
	readonly privateKey?: Buffer;
	readonly passphrase?: string;
	readonly agent?: string;
	/** For messages: which credentials were tried (never the key or passphrase). */
	readonly description: string;
}

/**
 * Reads and checks the identity file before any connection, so that a missing file, an
 * encrypted key without passphrase or a wrong passphrase are reported as such, not as a
 * failed login.
 */
export async function loadIdentity(
	host: string,
	options: {
		readonly identityFile?: string;
		readonly passphrase?: string;
		readonly agent?: string;
	},
): Promise<Identity> {
	const { identityFile, passphrase, agent } = options;
	const agentPart = agent ? { agent } : {};
	if (!identityFile) {
		if (!agent) {
			throw new SshError(
				host,
				`no SSH credentials for ${host}: neither an identity file nor an agent is configured`,
				'set ssh.identityFile in the cluster file, or ssh.agent: true with SSH_AUTH_SOCK set',
			);
		}
		return { ...agentPart, description: `the keys of the ssh-agent at ${agent}` };
	}
	const file = expandHome(identityFile);
	const read = await readKeyFile(file, passphrase);
	switch (read.state) {
		case 'unusable':
			throw new SshError(
				host,
				`identity file ${file} cannot be used: ${read.reason}`,
				'point ssh.identityFile in the cluster file at an OpenSSH private key (not the .pub file)',
			);
		case 'encrypted':
			if (agent) {
				// `ssh-add` put the key in the agent: no passphrase to ask, the agent signs.
				return {
					agent,
					description: `the keys of the ssh-agent at ${agent} (${file} is encrypted: the agent must hold it, ssh-add ${file})`,
				};
			}
			// Headless commands never ask: only the agent or a terminal front end can help.
			throw new SshError(
				host,
				`identity file ${file} is encrypted: give its passphrase`,
				`load it into ssh-agent (ssh-add ${file}) and set ssh.agent: true in the cluster file, or run the wizard, the re-key screen (etcd-wizard rekey) or the health view (etcd-wizard health) in a terminal: they ask for it`,
			);
		case 'wrong-passphrase':
			throw new SshError(
				host,
				`the passphrase for identity file ${file} is wrong`,
				'give the passphrase again',
			);
		case 'key':
			return {
				privateKey: read.privateKey,
				...(passphrase === undefined ? {} : { passphrase }),
				...agentPart,
				description: `identity file ${file}${agent ? ` and the ssh-agent at ${agent}` : ''}`,
			};
	}
}

/** What a key file on this machine holds, as far as logging in with it goes. */
export type KeyFile =
	| { readonly state: 'key'; readonly privateKey: Buffer }
	/** Encrypted, and no passphrase was given. */
	| { readonly state: 'encrypted' }
	| { readonly state: 'wrong-passphrase' }
	/** No private key to read there; `reason` says why, for the operator. */
	| { readonly state: 'unusable'; readonly reason: string };

/**
 * Reads the key file at `path` (`~/` is the home directory) and opens it, with `passphrase`
 * when it is encrypted. Never throws: every outcome is a KeyFile.
 */
export async function readKeyFile(path: string, passphrase?: string): Promise<KeyFile> {
	let key: Buffer;
	try {
		key = await readFile(expandHome(path));
	} catch (error) {
		return { state: 'unusable', reason: unreadable(error as NodeJS.ErrnoException) };
	}
	const bare = ssh2.utils.parseKey(key);
	if (bare instanceof Error) {
		if (!/no passphrase given/i.test(bare.message)) {
			return { state: 'unusable', reason: `it is not a private key (${bare.message})` };
		}
		if (passphrase === undefined) return { state: 'encrypted' };
		const opened = ssh2.utils.parseKey(key, passphrase);
		return opened instanceof Error
			? { state: 'wrong-passphrase' }
			: { state: 'key', privateKey: key };
	}
	const [parsed] = Array.isArray(bare) ? bare : [bare];
	if (!parsed?.isPrivateKey()) {
		return { state: 'unusable', reason: 'it is a public key; choose the file without .pub' };
	}
	return { state: 'key', privateKey: key };
}

/** Why a key file cannot be read, in words (the errno codes an operator meets). */
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
