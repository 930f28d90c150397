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

function identityError(host: string, file: string, error: Error, hadPassphrase: boolean): SshError {
	if (/no passphrase given/i.test(error.message)) {
		return new SshError(
			host,
			`identity file ${file} is encrypted: give its passphrase`,
			'enter the passphrase when asked, or load the key into ssh-agent and use ssh.agent: true',
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
