import { shellQuote } from '../shell/quote.js';
import type { HostConnection } from './connection.js';
import { CommandError } from './errors.js';
import { checkTarget, type UploadTarget, uploadTempPath } from './upload.js';

/** A file to land on a host, with its content. */
export interface FileToUpload extends UploadTarget {
	readonly content: string | Buffer;
}

/**
 * The script that lands several files from one stdin: each file's bytes in turn (`head -c`
 * reads exactly its size), each into a hidden temp file beside its target with mode and owner
 * set; once every file is in place, each is renamed over its target (each rename atomic). A
 * failure before the renames removes every temp file and touches no target. Contents never
 * appear in the script, only sizes.
 */
export function uploadFilesScript(
	files: readonly (UploadTarget & { readonly size: number })[],
	temps: readonly string[],
): string {
	for (const file of files) checkTarget(file);
	const quoted = temps.map(shellQuote);
	const lines = ['umask 077', `cleanup() { rm -f ${quoted.join(' ')}; }`];
	files.forEach((file, i) => {
		const tmp = quoted[i] as string;
		const owner = `${file.owner ?? ''}${file.group ? `:${file.group}` : ''}`;
		const steps = [
			`head -c ${file.size} > ${tmp}`,
			`{ [ "$(wc -c < ${tmp})" -eq ${file.size} ] || { echo ${shellQuote(`short write: ${file.path}`)} >&2; false; }; }`,
			`chmod ${file.mode.toString(8).padStart(4, '0')} ${tmp}`,
			...(owner ? [`chown ${shellQuote(owner)} ${tmp}`] : []),
		];
		lines.push(`${steps.join(' && ')} || { s=$?; cleanup; exit $s; }`);
	});
	const moves = files.map((file, i) => `mv -f ${quoted[i]} ${shellQuote(file.path)}`);
	lines.push(`${moves.join(' && ')} || { s=$?; cleanup; exit $s; }`);
	return lines.join('\n');
}

/** The command that removes an upload's temp files (after an abort cut its script short). */
export function removeCommand(temps: readonly string[]): string {
	return `rm -f -- ${temps.map(shellQuote).join(' ')}`;
}

/**
 * Lands every file atomically (temp file, mode, owner, rename) in one command on the host: a
 * round trip and a sudo for them all rather than one each.
 */
export async function uploadFiles(
	connection: HostConnection,
	files: readonly FileToUpload[],
	options: { readonly signal?: AbortSignal } = {},
): Promise<void> {
	if (files.length === 0) return;
	const contents = files.map((f) =>
		typeof f.content === 'string' ? Buffer.from(f.content) : f.content,
	);
	const temps = files.map((f) => uploadTempPath(f.path));
	const script = uploadFilesScript(
		files.map((f, i) => ({ ...f, size: contents[i]?.length ?? 0 })),
		temps,
	);
	const sudo = { sudo: true, ...(options.signal ? { signal: options.signal } : {}) };
	let result: Awaited<ReturnType<HostConnection['exec']>>;
	try {
		result = await connection.exec(script, { ...sudo, stdin: Buffer.concat(contents) });
	} catch (error) {
		// Aborted or cut off mid-write: the script had no chance to remove its temp files.
		await connection
			.exec(removeCommand(temps), { sudo: true, timeoutMs: 10_000 })
			.catch(() => undefined);
		throw error;
	}
	if (result.code !== 0) {
		const paths = files.map((f) => f.path).join(', ');
		throw new CommandError(connection.host, script, result.code, result.stderr, `writing ${paths}`);
	}
}
