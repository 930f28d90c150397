import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { EtcdSpec } from '../cluster/types.js';
import { shellQuote } from '../shell/quote.js';
import { CommandError, type HostConnection } from '../ssh/index.js';

/** Where the release comes from: fetched by each host, or uploaded from this machine. */
export type ReleaseSource =
	| { readonly kind: 'download'; readonly url: string; readonly checksumUrl: string }
	| {
			readonly kind: 'upload';
			readonly tarball: Buffer;
			readonly sha256: string;
			readonly name: string;
	  };

/** Fills `{version}` and `{arch}` in a release URL template. */
function releaseUrl(template: string, version: string, arch: string): string {
	return template.replaceAll('{version}', version).replaceAll('{arch}', arch);
}

/**
 * Reads a local release tarball once for every host. When a SHA256SUMS file lies beside it,
 * the tarball must match it, as a download would.
 */
export async function readLocalRelease(path: string): Promise<ReleaseSource> {
	const tarball = await readFile(path).catch((error: Error) => {
		throw new Error(
			`etcd.tarball: cannot read ${path}: ${error.message}; fix the path in the cluster file (a relative one starts at the cluster file's folder)`,
		);
	});
	const sha256 = createHash('sha256').update(tarball).digest('hex');
	const sums = await readFile(join(dirname(path), 'SHA256SUMS'), 'utf8').catch(() => undefined);
	if (sums !== undefined) {
		const expected = checksumFor(sums, basename(path));
		if (expected && expected !== sha256) {
			throw new Error(
				`etcd.tarball: ${path} does not match SHA256SUMS beside it (sha256 ${sha256}, expected ${expected}); fetch it again`,
			);
		}
	}
	return { kind: 'upload', tarball, sha256, name: basename(path) };
}

/** The checksum of `fileName` in a SHA256SUMS text (`<hex>  name` or `<hex> *name`). */
export function checksumFor(sums: string, fileName: string): string | undefined {
	for (const line of sums.split('\n')) {
		const [hash, name] = line.trim().split(/\s+\*?/);
		// Only a SHA-256 in hex: the value goes into a command run as root on the host.
		if (name?.replace(/^\.\//, '') === fileName && /^[0-9a-f]{64}$/i.test(hash ?? '')) {
			return hash?.toLowerCase();
		}
	}
	return undefined;
}

/**
 * The command that makes the install's temp dir on a host: a new dir of an unpredictable name
 * (0700, root's), on disk rather than a tmpfs /tmp; it prints the name.
 */
export const MAKE_WORK_DIR = 'mktemp -d /var/tmp/etcd-wizard-install.XXXXXXXX';

/** What MAKE_WORK_DIR prints: checked before the name goes into another command. */
const WORK_DIR = /^\/var\/tmp\/etcd-wizard-install\.[A-Za-z0-9]{8}$/;

/**
 * Installs etcd and etcdctl into binDir: the tarball is checked against its sha256 on the
 * host (etcd.sha256 when the cluster file pins it, else the one SHA256SUMS lists or the local
 * tarball's), unpacked in a private temp dir, and each binary renamed into place (a running etcd
 * keeps its old inode until it restarts). A download takes three commands on the host, an
 * upload three: each command costs a round trip and a sudo. The temp dir is made first, on its
 * own and not cut short by `signal` (it takes milliseconds), so its name is known to whatever
 * follows: a failure or Ctrl-C after it removes it.
 */
export async function installEtcd(
	connection: HostConnection,
	etcd: EtcdSpec,
	arch: string,
	source: ReleaseSource,
	signal?: AbortSignal,
): Promise<void> {
	const run = (command: string, what: string, timeoutMs = 120_000) =>
		connection
			.exec(command, { sudo: true, check: true, timeoutMs, ...(signal ? { signal } : {}) })
			.catch((error: unknown) => {
				throw error instanceof CommandError
					? Object.assign(error, { message: `${what} on ${connection.host}: ${error.message}` })
					: error;
			});
	const pin = etcd.sha256?.toLowerCase();
	if (pin && source.kind === 'upload' && source.sha256 !== pin) {
		throw new Error(
			`etcd.tarball ${source.name} has sha256 ${source.sha256}, not ${pin} as etcd.sha256 says; fetch the release again, or fix etcd.sha256 (the digest of that one tarball)`,
		);
	}
	signal?.throwIfAborted();
	const made = await connection
		.exec(MAKE_WORK_DIR, { sudo: true, check: true, timeoutMs: 30_000 })
		.catch((error: unknown) => {
			throw error instanceof CommandError
				? Object.assign(error, {
						message: `making a temp dir on ${connection.host}: ${error.message}`,
					})
				: error;
		});
	const work = made.stdout.trim();
	if (!WORK_DIR.test(work)) {
		throw new Error(
			`${MAKE_WORK_DIR} printed ${JSON.stringify(work.slice(0, 200))} on ${connection.host}, not the name of a new dir; check that /var/tmp exists there and mktemp is coreutils'`,
		);
	}
	const tarball = `${work}/etcd.tar.gz`;
	let cleaned = false;
	try {
		let expected: string;
		if (source.kind === 'download') {
			const url = releaseUrl(source.url, etcd.version, arch);
			const sumsUrl = releaseUrl(source.checksumUrl, etcd.version, arch);
			const sums = await run(
				downloadBoth(work, { url, to: tarball }, { url: sumsUrl, to: `${work}/SHA256SUMS` }),
				`downloading ${url} and ${sumsUrl}`,
			);
			const name = basename(new URL(url).pathname);
			const listed = checksumFor(sums.stdout, name);
			// A pinned digest is checked in any case; SHA256SUMS, where it lists the file, must agree.
			if (pin && listed && listed !== pin) {
				throw new Error(
					`etcd.sha256 is ${pin}, but ${sumsUrl} lists ${listed} for ${name} on ${connection.host}; etcd.sha256 is the digest of one tarball (one version, one architecture): set it to this release's, or remove it`,
				);
			}
			if (!pin && !listed) {
				throw new Error(
					`${sumsUrl} lists no checksum for ${name}; check etcd.downloadUrl and etcd.checksumUrl`,
				);
			}
			expected = pin ?? (listed as string);
		} else {
			await connection.upload(tarball, source.tarball, {
				mode: 0o600,
				...(signal ? { signal } : {}),
			});
			expected = pin ?? source.sha256;
		}
		await run(installCommand(work, etcd, expected), 'verifying and installing the release');
		cleaned = true;
	} finally {
		if (!cleaned)
			await connection.exec(`rm -rf ${shellQuote(work)}`, { sudo: true }).catch(() => undefined);
	}
}

/**
 * The command that checks the tarball in `work` against `expected` (a SHA-256 in hex), unpacks
 * it there and renames etcd and etcdctl into binDir, then removes `work` whatever the outcome.
 */
export function installCommand(
	work: string,
	etcd: Pick<EtcdSpec, 'binDir' | 'version'>,
	expected: string,
): string {
	const bin = etcd.binDir;
	const dir = shellQuote(work);
	const tarball = shellQuote(`${work}/etcd.tar.gz`);
	const want = shellQuote(expected);
	const install = [
		`actual=$(sha256sum ${tarball} | cut -d' ' -f1)`,
		`[ "$actual" = ${want} ] || { echo "sha256 mismatch: got $actual, expected "${want} >&2; exit 3; }`,
		`tar -xzf ${tarball} -C ${dir} --strip-components=1`,
		`for b in etcd etcdctl; do [ -f ${dir}/$b ] || { echo "the release has no $b" >&2; exit 4; }; done`,
		`mkdir -p ${shellQuote(bin)}`,
		...['etcd', 'etcdctl'].map(
			(b) =>
				`install -m 0755 -o root -g root ${shellQuote(`${work}/${b}`)} ${shellQuote(`${bin}/.${b}.etcd-wizard`)} && mv -f ${shellQuote(`${bin}/.${b}.etcd-wizard`)} ${shellQuote(`${bin}/${b}`)}`,
		),
		`${shellQuote(`${bin}/etcd`)} --version | grep -q ${shellQuote(`etcd Version: ${etcd.version}`)} || { echo ${shellQuote(`the installed etcd is not ${etcd.version}`)} >&2; exit 5; }`,
	].join(' && ');
	// The temp dir goes in the same command, whatever the outcome.
	return `( ${install} ); rc=$?; rm -rf ${dir}; exit $rc`;
}

interface Download {
	readonly url: string;
	readonly to: string;
}

/**
 * A shell command that fetches both files at once (curl, else wget), fails naming the URL that
 * failed and why, and prints the second (the checksums) on success.
 */
export function downloadBoth(work: string, release: Download, sums: Download): string {
	const fetch = (d: Download, err: string) =>
		`if command -v curl >/dev/null; then curl -fsSL --retry 2 --connect-timeout 10 -o ${shellQuote(d.to)} ${shellQuote(d.url)}; ` +
		`elif command -v wget >/dev/null; then wget -q -T 10 -O ${shellQuote(d.to)} ${shellQuote(d.url)}; ` +
		`else echo 'neither curl nor wget is installed' >&2; exit 127; fi 2>${err}`;
	const failed = (d: Download, err: string, code: string) =>
		`{ echo "downloading "${shellQuote(d.url)}" failed: $(cat ${err})" >&2; exit ${code}; }`;
	const releaseErr = shellQuote(`${work}/release.err`);
	const sumsErr = shellQuote(`${work}/sums.err`);
	return [
		`( ${fetch(release, releaseErr)} ) & release=$!`,
		`( ${fetch(sums, sumsErr)} ) & sums=$!`,
		'wait $release; r=$?; wait $sums; s=$?',
		`[ $r = 0 ] || ${failed(release, releaseErr, '$r')}`,
		`[ $s = 0 ] || ${failed(sums, sumsErr, '$s')}`,
		`cat ${shellQuote(sums.to)}`,
	].join('; ');
}
