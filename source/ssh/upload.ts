import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellQuote } from '../shell/quote.js';

/** How an uploaded file must land. */
export interface UploadTarget {
	/** Absolute path on the host. */
	readonly path: string;
	/** Permission bits, e.g. 0o640. */
	readonly mode: number;
	readonly owner?: string;
	readonly group?: string;
}

/** The temp file an upload writes first: hidden, in the target's directory (same file system). */
export function uploadTempPath(path: string, random = randomBytes(6).toString('hex')): string {
	return posix.join(posix.dirname(path), `.${posix.basename(path)}.etcd-wizard-${random}`);
}

/** Throws unless the target is an absolute file path and the mode is permission bits. */
export function checkTarget(target: UploadTarget): void {
	if (!posix.isAbsolute(target.path) || target.path.endsWith('/')) {
		throw new Error(`upload target must be an absolute file path: ${target.path}`);
	}
	if (!Number.isInteger(target.mode) || target.mode < 0 || target.mode > 0o7777) {
		throw new Error(`upload mode must be permission bits such as 0o640: ${target.mode}`);
	}
}

/**
 * The shell script that lands stdin at `target.path` atomically: written to `temp` (never
 * readable by others while it fills), given mode and owner, then renamed over the target.
 * On any failure the temp file is removed and the script exits with the failing status.
 */
export function uploadScript(target: UploadTarget, temp: string): string {
	checkTarget(target);
	const tmp = shellQuote(temp);
	const owner = target.owner ?? '';
	const group = target.group ? `:${target.group}` : '';
	const steps = [
		'umask 077',
		`cat > ${tmp}`,
		`chmod ${target.mode.toString(8).padStart(4, '0')} ${tmp}`,
		...(owner || group ? [`chown ${shellQuote(`${owner}${group}`)} ${tmp}`] : []),
		`mv -f ${tmp} ${shellQuote(target.path)}`,
	];
	return `${steps.join(' && ')} || { status=$?; rm -f ${tmp}; exit $status; }`;
}
