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
	let privateKey: Buffer;
	try {
		privateKey = await readFile(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? String(error);
		throw new SshError(
			host,
			`cannot read identity file ${file} (${code})`,
			'check ssh.identityFile in the cluster file',
			{ cause: error },
		);
	}
	const parsed = ssh2.utils.parseKey(privateKey, passphrase);
	if (parsed instanceof Error && agent && passphrase === undefined && isEncrypted(parsed)) {
		// `ssh-add` put the key in the agent: no passphrase to ask, the agent signs.
		return {
			agent,
			description: `the keys of the ssh-agent at ${agent} (${file} is encrypted: the agent must hold it, ssh-add ${file})`,
		};
	}
	if (parsed instanceof Error) throw identityError(host, file, parsed, passphrase !== undefined);
	if (!parsed.isPrivateKey()) {
		throw identityError(host, file, new Error('it holds a public key'), false);
	}
	return {
		privateKey,
		...(passphrase === undefined ? {} : { passphrase }),
		...agentPart,
		description: `identity file ${file}${agent ? ` and the ssh-agent at ${agent}` : ''}`,
	};
}

/** ssh2's answer for an encrypted key parsed without a passphrase. */
const isEncrypted = (error: Error) => /no passphrase given/i.test(error.message);

function identityError(host: string, file: string, error: Error, hadPassphrase: boolean): SshError {
	if (isEncrypted(error)) {
		// Headless commands never ask: only the agent or a terminal front end can help.
		return new SshError(
			host,
			`identity file ${file} is encrypted: give its passphrase`,
			`load it into ssh-agent (ssh-add ${file}) and set ssh.agent: true in the cluster file, or run the wizard, the re-key screen (etcd-wizard rekey) or the health view (etcd-wizard health) in a terminal: they ask for it`,
		);
	}
	if (hadPassphrase && /passphrase|integrity|decrypt/i.test(error.message)) {
		return new SshError(
			host,
			`the passphrase for identity file ${file} is wrong`,
			'give the passphrase again',
		);
	}
	return new SshError(
		host,
		`identity file ${file} is not a private key that can be used: ${error.message}`,
		'point ssh.identityFile at an OpenSSH private key (not the .pub file)',
	);
}
