import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	type CertAndKey,
	createCa,
	issueMemberCertificates,
	type MemberMaterial,
} from '../../../source/pki/index.js';

/** Key generation dominates; a busy 2-core machine needs more than vitest's 5 s default. */
export const SLOW = { timeout: 120_000 } as const;

export const DAY_MS = 86_400_000;
export const ETCD1 = { name: 'etcd1', ip: '10.88.0.11' } as const;

/** A new CA and etcd1's server and peer certificates from it. */
export async function caWithEtcd1(): Promise<{ ca: CertAndKey; material: MemberMaterial }> {
	const ca = await createCa('homelab');
	return { ca, material: await issueMemberCertificates(ca, ETCD1) };
}

/** A fresh private temp dir; `cleanup` removes every dir made so far. */
export function tempDirs(): { make: () => Promise<string>; cleanup: () => Promise<void> } {
	const made: string[] = [];
	return {
		make: async () => {
			const dir = await mkdtemp(join(tmpdir(), 'etcd-wizard-pki-'));
			made.push(dir);
			return dir;
		},
		cleanup: async () => {
			await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
		},
	};
}

export interface CommandResult {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs the openssl CLI, a verifier independent of node-forge; never throws on exit status. */
export function openssl(args: readonly string[]): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		execFile('openssl', [...args], (error, stdout, stderr) => {
			if (error && typeof error.code !== 'number') reject(error);
			else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
		});
	});
}

let fileCounter = 0;

/** Writes PEM files into `dir` under unique names and returns their paths, in order. */
export async function pemFiles(dir: string, pems: Record<string, string>): Promise<string[]> {
	return Promise.all(
		Object.entries(pems).map(async ([name, pem]) => {
			fileCounter += 1;
			const path = join(dir, `${fileCounter}-${name}`);
			await writeFile(path, pem);
			return path;
		}),
	);
}

/** `openssl verify -x509_strict -purpose <purpose>` of `certPem` against `caPem`. */
export async function opensslVerify(
	dir: string,
	caPem: string,
	certPem: string,
	purpose: 'sslserver' | 'sslclient',
): Promise<CommandResult> {
	const [caFile, certFile] = await pemFiles(dir, {
		'verify-ca.pem': caPem,
		'verify-leaf.pem': certPem,
	});
	return openssl([
		'verify',
		'-x509_strict',
		'-purpose',
		purpose,
		'-CAfile',
		`${caFile}`,
		`${certFile}`,
	]);
}

/** `openssl x509 -noout -text` of a certificate. */
export async function opensslText(dir: string, certPem: string): Promise<string> {
	const [file] = await pemFiles(dir, { 'text.pem': certPem });
	const result = await openssl(['x509', '-noout', '-text', '-in', `${file}`]);
	if (result.code !== 0) throw new Error(result.stderr);
	return result.stdout;
}

/** The value printed on the line after `heading` in `openssl x509 -text` output, e.g. a key id. */
export function textValueAfter(text: string, heading: string): string | undefined {
	const lines = text.split('\n');
	const index = lines.findIndex((line) => line.includes(heading));
	return index === -1 ? undefined : lines[index + 1]?.trim();
}

/** A key id as openssl prints it (`keyid:AB:CD` or `AB:CD`) in lower-case hex without colons. */
export function keyIdHex(printed: string | undefined): string | undefined {
	return printed
		?.replace(/^keyid:/, '')
		.replaceAll(':', '')
		.toLowerCase();
}
