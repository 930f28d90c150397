import { X509Certificate } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirectory } from '../cluster/atomic-file.js';
import { DAY_MS } from '../pki/certificate.js';
import { inspectCertificate } from '../pki/inspect.js';
import { issueClientCertificate } from '../pki/issue.js';
import {
	CA_FILES,
	DIR_MODE,
	type PairFiles,
	readIfExists,
	readPair,
	writePair,
} from '../pki/store.js';
import { clientDaysProblem, clientNameProblem, DEFAULT_CLIENT_DAYS } from './client-names.js';
import type { IssuedClientCertificate } from './types.js';

export {
	clientDaysProblem,
	clientNameProblem,
	DEFAULT_CLIENT_DAYS,
	MAX_CLIENT_DAYS,
} from './client-names.js';

/** Where extra client certificates live in the PKI dir: `clients/<name>.crt|.key`. */
export const CLIENTS_DIR = 'clients';

/** `clients/<name>.crt` and `clients/<name>.key`, relative to the PKI dir. */
export function clientFiles(name: string): PairFiles {
	return { cert: `${CLIENTS_DIR}/${name}.crt`, key: `${CLIENTS_DIR}/${name}.key` };
}

/** The client certificate's files already exist and replacing them was not asked for. */
export class ClientCertificateExistsError extends Error {
	override readonly name = 'ClientCertificateExistsError';
	readonly hint: string;

	constructor(readonly file: string) {
		super(`${file} already exists; it was left as it is`);
		this.hint =
			'pass --yes to replace it (a copy of the old one keeps working until it expires: etcd-wizard sets up no revocation), or choose another --client name';
	}
}

export interface ClientCertificateRequest {
	/** The CN and the file name; see `clientNameProblem`. */
	readonly name: string;
	/** Validity in days, 1..3650; default 365. Never past the CA's own end. */
	readonly days?: number;
	/** Replace an existing certificate and key of that name. */
	readonly overwrite?: boolean;
	readonly now?: Date;
}

/**
 * Issues a client certificate (EKU clientAuth, CN = name) from the CA in `pkiDir` into
 * `clients/<name>.crt|.key` (key 0600, dir 0700, each file written atomically). Needs no host.
 * Throws ClientCertificateExistsError, writing nothing, when the files exist and `overwrite`
 * is not set.
 */
export async function createClientCertificate(
	pkiDir: string,
	request: ClientCertificateRequest,
): Promise<IssuedClientCertificate> {
	const { name } = request;
	const days = request.days ?? DEFAULT_CLIENT_DAYS;
	const problem = clientNameProblem(name) ?? clientDaysProblem(String(days));
	if (problem)
		throw new Error(`client certificate ${JSON.stringify(name)}, ${days} days: ${problem}`);
	const ca = await readPair(pkiDir, CA_FILES);
	if (ca.certPem === undefined || ca.keyPem === undefined) {
		throw new Error(
			`${join(pkiDir, ca.certPem === undefined ? CA_FILES.cert : CA_FILES.key)} is missing: a client certificate is signed by the cluster's CA; run \`etcd-wizard apply <cluster.yaml>\` first, or restore the CA from a backup`,
		);
	}
	const files = clientFiles(name);
	const certFile = join(pkiDir, files.cert);
	const existing = await Promise.all([certFile, join(pkiDir, files.key)].map(readIfExists));
	if (!request.overwrite && existing.some((text) => text !== undefined)) {
		throw new ClientCertificateExistsError(certFile);
	}
	const now = request.now ?? new Date();
	const pair = await issueClientCertificate({ certPem: ca.certPem, keyPem: ca.keyPem }, name, {
		now,
		validityDays: days,
	});
	await ensureDirectory(join(pkiDir, CLIENTS_DIR), DIR_MODE);
	await writePair(pkiDir, files, pair);
	const info = inspectCertificate(pair.certPem);
	const caX509 = new X509Certificate(ca.certPem);
	return {
		name,
		certFile,
		keyFile: join(pkiDir, files.key),
		caFile: join(pkiDir, CA_FILES.cert),
		subject: info.subject,
		serial: info.serial,
		notAfter: info.notAfter.toISOString(),
		cappedByCa: info.notAfter.getTime() < now.getTime() + days * DAY_MS - 1000,
		caFingerprint: caX509.fingerprint256,
		certPem: pair.certPem,
	};
}

/** What was written, as lines for the operator: files, subject, serial, end, the CA to trust. */
export function formatIssuedClient(issued: IssuedClientCertificate): string {
	return [
		`client certificate ${issued.name}`,
		`  certificate  ${issued.certFile}`,
		`  key          ${issued.keyFile} (0600)`,
		`  subject      ${issued.subject} (extended key usage: clientAuth)`,
		`  serial       ${issued.serial}`,
		`  not after    ${issued.notAfter}${issued.cappedByCa ? ' (the CA ends then)' : ''}`,
		`  trust CA     ${issued.caFile} (SHA256 ${issued.caFingerprint})`,
	].join('\n');
}

/** The certificates in `clients/` by name (`<name>.crt`); none when the dir does not exist. */
export async function readClientCertificates(pkiDir: string): Promise<Map<string, string>> {
	let names: string[];
	try {
		names = await readdir(join(pkiDir, CLIENTS_DIR));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
		throw error;
	}
	const crts = names.filter((file) => file.endsWith('.crt')).sort();
	const texts = await Promise.all(
		crts.map((file) => readIfExists(join(pkiDir, CLIENTS_DIR, file))),
	);
	const found = new Map<string, string>();
	crts.forEach((file, i) => {
		const text = texts[i];
		if (text !== undefined) found.set(file.slice(0, -'.crt'.length), text);
	});
	return found;
}
