import { X509Certificate } from 'node:crypto';
import { posix } from 'node:path';
import { daysBetween } from '../pki/certificate.js';
import { inspectCertificate, PREVIOUS_CA_FILES, splitCertificates } from '../pki/index.js';
import { ADMIN_FILES, CA_FILES, memberFiles } from '../pki/store.js';
import { clientFiles } from './client-certificate.js';
import type { LocalPki } from './local-pki.js';
import type { Inventory, InventoryEntry, InventoryProblem } from './types.js';

/** A host's certificate files by path (absent when the file does not exist). */
export interface HostCertificateFiles {
	readonly name: string;
	readonly files: ReadonlyMap<string, string | undefined>;
}

/** The files rekey inventories on each host, relative to etcd.confDir. */
export const HOST_CERTIFICATE_FILES = ['ca.crt', 'server.crt', 'peer.crt'] as const;

/** What the inventory is made from. */
export interface InventoryInput {
	/** etcd.confDir on the hosts. */
	readonly confDir: string;
	/** How local files are named: the PKI dir as the cluster file gives it, e.g. `./pki`. */
	readonly pkiDir: string;
	readonly hosts: readonly HostCertificateFiles[];
	readonly local: LocalPki;
	readonly now: Date;
}

/**
 * Every certificate of the cluster: on each host ca.crt (every CA of a bundle), server.crt and
 * peer.crt, each compared with its copy in the PKI dir; then the CA, a previous CA left by an
 * unfinished rotation, the admin and extra client certificates kept locally, and any member
 * certificate whose local copy differs from the host's. Pure.
 */
export function certificateInventory(input: InventoryInput): Inventory {
	const { confDir, hosts, local, now } = input;
	const inPki = (file: string) => posix.join(input.pkiDir, file);
	const cas = knownCas([
		local.ca.certPem,
		...(local.previousCa ? [local.previousCa] : []),
		...hosts.flatMap((h) => [h.files.get(posix.join(confDir, 'ca.crt')) ?? '']),
	]);
	const entries: InventoryEntry[] = [];
	const problems: InventoryProblem[] = [];
	const add = (location: string, file: string, pem: string, matchesLocal: boolean | null) => {
		const certificates = splitCertificates(pem);
		if (certificates.length === 0) {
			problems.push({ location, file, message: `${location}: ${file} holds no certificate` });
		}
		for (const certificate of certificates) {
			try {
				entries.push(entry(location, file, certificate, cas, now, matchesLocal));
			} catch (error) {
				const why = (error as Error).message;
				problems.push({ location, file, message: `${location}: ${file} is unreadable (${why})` });
			}
		}
	};
	const localDiffers: Array<[string, string]> = [];
	for (const host of hosts) {
		for (const name of HOST_CERTIFICATE_FILES) {
			const path = posix.join(confDir, name);
			const pem = host.files.get(path);
			const [localFile, localPem] = localCopy(local, host.name, name);
			if (pem === undefined) {
				problems.push({
					location: host.name,
					file: path,
					message: `${host.name}: ${path} is missing`,
				});
				continue;
			}
			const same = localPem !== undefined && sameText(pem, localPem);
			add(host.name, path, pem, same);
			if (!same && localPem !== undefined && name !== 'ca.crt') {
				localDiffers.push([inPki(localFile), localPem]);
			}
		}
	}
	add('local', inPki(CA_FILES.cert), local.ca.certPem, null);
	if (local.previousCa) add('local', inPki(PREVIOUS_CA_FILES.cert), local.previousCa, null);
	add('local', inPki(ADMIN_FILES.cert), local.admin.certPem, null);
	for (const [name, pem] of local.clients ?? [])
		add('local', inPki(clientFiles(name).cert), pem, null);
	for (const [file, pem] of localDiffers) add('local', file, pem, null);
	return { entries, problems };
}

/** The PKI dir's copy of a host file: its path there and its text. */
function localCopy(
	local: LocalPki,
	host: string,
	name: (typeof HOST_CERTIFICATE_FILES)[number],
): [string, string | undefined] {
	if (name === 'ca.crt') return [CA_FILES.cert, local.ca.certPem];
	const kind = name === 'server.crt' ? 'server' : 'peer';
	return [memberFiles(host, kind).cert, local.members.get(host)?.[kind]];
}

function entry(
	location: string,
	file: string,
	pem: string,
	cas: readonly X509Certificate[],
	now: Date,
	matchesLocal: boolean | null,
): InventoryEntry {
	const info = inspectCertificate(pem);
	const x509 = new X509Certificate(pem);
	const issuer = cas.find((ca) => x509.checkIssued(ca) && x509.verify(ca.publicKey));
	return {
		location,
		file,
		subject: info.subject,
		sans: [...info.sans.ips, ...info.sans.dns],
		serial: info.serial,
		issuer: info.issuer,
		issuerFingerprint: issuer?.fingerprint256 ?? null,
		notAfter: info.notAfter.toISOString(),
		daysLeft: daysBetween(now, info.notAfter),
		matchesLocal,
	};
}

/** A certificate of the PKI dir (`file` as the inventory names it) as the inventory lists it. */
export function localInventoryEntry(
	file: string,
	pem: string,
	caPem: string,
	now: Date,
): InventoryEntry {
	return entry('local', file, pem, knownCas([caPem]), now, null);
}

/** Every readable CA certificate among the texts, each once. */
function knownCas(texts: readonly string[]): X509Certificate[] {
	const byPrint = new Map<string, X509Certificate>();
	for (const pem of texts.flatMap(splitCertificates)) {
		try {
			const x509 = new X509Certificate(pem);
			if (x509.ca) byPrint.set(x509.fingerprint256, x509);
		} catch {
			// Reported where the file itself is listed.
		}
	}
	return [...byPrint.values()];
}

function sameText(a: string, b: string): boolean {
	return a.trim() === b.trim();
}
