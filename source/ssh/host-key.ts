import { SshError } from './errors.js';
import { hostKeyName, type KnownHostEntry, keyTypeOf, verifyHostKey } from './known-hosts.js';
import { appendKnownHost } from './known-hosts-file.js';

/** Asked when a host's key is not in known_hosts; resolves true to trust and record it. */
export type UnknownHostKeyPrompt = (info: {
	host: string;
	port: number;
	fingerprint: string;
	keyType: string;
}) => Promise<boolean>;

/** Everything the trust decision for one host needs. */
export interface HostKeyContext {
	/** Display name (the member name). */
	readonly name: string;
	readonly address: string;
	readonly port: number;
	readonly knownHostsFile: string;
	readonly entries: readonly KnownHostEntry[];
	readonly acceptNewHostKeys: boolean;
	readonly hashKnownHosts: boolean;
	readonly onUnknownHostKey?: UnknownHostKeyPrompt;
	/** Called with true while a person is being asked, so the handshake timeout can pause. */
	readonly onPrompt?: (asking: boolean) => void;
}

/**
 * Decides whether to trust the key blob a server presented: resolves when it is trusted
 * (recording a newly trusted key first), rejects with an SshError that says why otherwise.
 */
export async function checkHostKey(context: HostKeyContext, keyBlob: Buffer): Promise<void> {
	const { name, address, port, knownHostsFile: file } = context;
	const where = `${name} (${address}:${port})`;
	const verdict = verifyHostKey(context.entries, address, port, keyBlob);
	switch (verdict.status) {
		case 'known':
			return;
		case 'revoked':
			throw new SshError(
				name,
				`host key ${verdict.fingerprint} of ${where} is marked @revoked in ${file} line ${verdict.line}`,
				`do not connect until ${name} has a new host key, then trust the new key`,
			);
		case 'changed': {
			const lines = verdict.knownLines.join(', ');
			throw new SshError(
				name,
				`host key of ${where} has changed: it presents ${verdict.fingerprint} but ${file} has ${verdict.knownFingerprints.join(', ')} (line ${lines}); this could be an attack`,
				`if ${name} was reinstalled, remove line ${lines} of ${file} (ssh-keygen -R '${hostKeyName(address, port)}' -f ${file}) and connect again`,
			);
		}
		case 'unknown':
			if (await trustNewKey(context, verdict.fingerprint, keyTypeOf(keyBlob))) {
				await record(context, keyBlob);
				return;
			}
	}
}

async function trustNewKey(
	context: HostKeyContext,
	fingerprint: string,
	keyType: string,
): Promise<boolean> {
	const { name, address, port, knownHostsFile: file } = context;
	if (context.acceptNewHostKeys) return true;
	const where = `${name} (${address}:${port})`;
	if (!context.onUnknownHostKey) {
		throw new SshError(
			name,
			`host key of ${where} is not in ${file}: its ${keyType} key is ${fingerprint}`,
			`run with --accept-new-host-keys to trust it on first use (fingerprint ${fingerprint})`,
		);
	}
	context.onPrompt?.(true);
	try {
		if (await context.onUnknownHostKey({ host: name, port, fingerprint, keyType })) return true;
	} finally {
		context.onPrompt?.(false);
	}
	throw new SshError(
		name,
		`host key ${fingerprint} of ${where} was not trusted`,
		`compare ${fingerprint} with \`ssh-keygen -lf /etc/ssh/ssh_host_${keyType.replace(/^ssh-|-.*$/g, '')}_key.pub\` on ${name}, then trust it`,
	);
}

async function record(context: HostKeyContext, keyBlob: Buffer): Promise<void> {
	try {
		await appendKnownHost(context.knownHostsFile, context.address, context.port, keyBlob, {
			hash: context.hashKnownHosts,
		});
	} catch (error) {
		throw new SshError(
			context.name,
			`cannot record the host key of ${context.name} in ${context.knownHostsFile}: ${(error as Error).message}`,
			'check that the known_hosts file and its directory are writable',
			{ cause: error },
		);
	}
}
