import { constants, type Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyPath } from './diagnostics.js';
import { foreignOwnerProblem } from './ownership.js';
import { resolvePath } from './paths.js';
import type { Reporter } from './reporter.js';
import { capped, MAX_SHOWN, quoted } from './shown.js';
import type { ClusterSpec } from './types.js';

const TARBALL_HINT =
	"write the path of a local etcd-vX.Y.Z-linux-ARCH.tar.gz (a relative path starts at the cluster file's folder)";
const PKI_HINT = 'set pki.dir to a directory for the CA and certificates, e.g. ./pki';

/**
 * The checks of a cluster file that read this machine's disk: etcd.tarball is a readable file,
 * pki.dir is a directory of this process's user or not there yet. `dir` is the cluster file's folder. A key that
 * already has an error is left alone.
 */
export async function checkLocalFiles(
	spec: ClusterSpec,
	report: Reporter,
	dir: string,
): Promise<void> {
	const { tarball } = spec.etcd;
	const tarballPath = ['etcd', 'tarball'];
	if (tarball !== undefined && tarball.trim() !== '' && !report.hasError(tarballPath)) {
		const problem = await tarballProblem(tarball, resolvePath(dir, tarball));
		if (problem) report.error(tarballPath, problem);
	}
	const pkiPath: KeyPath = ['pki', 'dir'];
	if (spec.pki.dir.trim() !== '' && !report.hasError(pkiPath)) {
		const problem = await pkiDirProblem(spec.pki.dir, resolvePath(dir, spec.pki.dir));
		if (problem) report.error(pkiPath, problem);
	}
}

async function tarballProblem(value: string, path: string): Promise<string | undefined> {
	const shown = quoted(value);
	const at = resolved(value, path);
	const found = await statOf(path);
	if (found === 'missing' || found === 'inside a file') {
		return `${shown} does not exist${at}; ${TARBALL_HINT}`;
	}
	if (typeof found === 'string') return `${shown} cannot be read${at}: ${found}; ${TARBALL_HINT}`;
	if (found.isDirectory()) return `${shown} is a directory${at}, not a file; ${TARBALL_HINT}`;
	if (!found.isFile()) return `${shown} is not a regular file${at}; ${TARBALL_HINT}`;
	try {
		await access(path, constants.R_OK);
	} catch {
		return `${shown} cannot be read${at}: permission denied; check the file's owner and mode`;
	}
	return undefined;
}

async function pkiDirProblem(value: string, path: string): Promise<string | undefined> {
	const where = quoted(value);
	const at = resolved(value, path);
	const found = await statOf(path);
	if (found === 'missing') return undefined;
	if (found === 'inside a file') {
		return `${where} cannot be a directory (${shownPath(path)}): a part of its path is a file; ${PKI_HINT}`;
	}
	if (typeof found === 'string') return `${where} cannot be checked${at}: ${found}; ${PKI_HINT}`;
	if (found.isDirectory()) {
		const dirOwner = await foreignOwnerProblem(`${where}${at}`, found.uid, shownPath(path));
		if (dirOwner) return dirOwner;
		const key = await statOf(join(path, 'ca.key'));
		if (typeof key === 'string') return undefined;
		return foreignOwnerProblem(shownPath(join(path, 'ca.key')), key.uid, shownPath(path));
	}
	const what = found.isFile() ? 'a file' : 'not a directory';
	return `${where} is ${what}${at}, not a directory; move the file away or ${PKI_HINT}`;
}

/** The file's stats (links followed), or why there are none. */
async function statOf(path: string): Promise<Stats | 'missing' | 'inside a file' | string> {
	try {
		return await stat(path);
	} catch (error) {
		const { code, message } = error as NodeJS.ErrnoException;
		if (code === 'ENOENT') return 'missing';
		if (code === 'ENOTDIR') return 'inside a file';
		if (code === 'EACCES') return 'permission denied';
		return capped(message ?? String(error));
	}
}

/** ` (/abs/path)` when the value was written otherwise, for messages. */
function resolved(value: string, path: string): string {
	return value === path ? '' : ` (${shownPath(path)})`;
}

/** An absolute path for a message: long ones capped, control characters escaped. */
function shownPath(path: string): string {
	return JSON.stringify(capped(path, 4 * MAX_SHOWN)).slice(1, -1);
}
