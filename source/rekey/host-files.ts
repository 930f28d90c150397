import { posix } from 'node:path';
import { shellQuote } from '../shell/quote.js';
import type { HostConnection } from '../ssh/index.js';

/**
 * The files rekey changes on a member, in etcd.confDir; every backup holds all of them. Each
 * certificate comes before its key: that is the order files are moved in (see commitScript).
 */
export const MEMBER_FILE_NAMES = [
	'ca.crt',
	'etcd.conf.yml',
	'server.crt',
	'server.key',
	'peer.crt',
	'peer.key',
] as const;

export type MemberFileName = (typeof MEMBER_FILE_NAMES)[number];

/** A file as it must land: content, mode and owner. */
export interface NewMemberFile {
	readonly name: MemberFileName;
	readonly content: string;
	readonly mode: number;
	readonly owner: string;
	readonly group: string;
}

/** `backup-20261121T233812Z`: one dir per run under etcd.confDir, named by its start (UTC). */
export function backupDirName(at: Date): string {
	return `backup-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
}

/** Where new files wait until every file of a change is there: a hidden dir in confDir. */
export function stagingDir(confDir: string): string {
	return posix.join(confDir, '.rekey-next');
}

/** Where one new file waits. */
export function stagedPath(confDir: string, name: MemberFileName): string {
	return posix.join(stagingDir(confDir), name);
}

/** An empty staging dir (0700 root; a leftover of an interrupted run is removed first). */
export function stagingScript(confDir: string): string {
	const dir = shellQuote(stagingDir(confDir));
	return `umask 077 && rm -rf -- ${dir} && mkdir ${dir}`;
}

/** Copies the member's files, with modes and owners, into `<backupDir>/<stage>` (0700, root). */
export function backupScript(confDir: string, backupDir: string, stage: string): string {
	const into = shellQuote(posix.join(backupDir, stage));
	const files = MEMBER_FILE_NAMES.map((name) => shellQuote(posix.join(confDir, name))).join(' ');
	return `umask 077 && mkdir -p ${into} && cp -a -- ${files} ${into}/`;
}

/**
 * Moves the staged files over the live ones with one `mv`, in the order given: the renames
 * follow each other within microseconds. etcd and etcdctl read a certificate, then its key, as
 * two files at every handshake (Go's LoadX509KeyPair); separate commands would leave
 * milliseconds in which the two do not match and handshakes fail. With the certificate renamed
 * first, a reader sees a mismatch only if both its reads fall between the two renames.
 */
export function commitScript(confDir: string, names: readonly MemberFileName[]): string {
	const staged = names.map((name) => shellQuote(stagedPath(confDir, name))).join(' ');
	const dir = shellQuote(stagingDir(confDir));
	return `mv -f -- ${staged} ${shellQuote(confDir)}/ && rmdir ${dir}`;
}

/**
 * Puts every file of `<backupDir>/<stage>` back, modes and owners as they were, the same way a
 * change goes in: copied to the staging dir, then moved over the live files with one `mv`.
 */
export function restoreScript(confDir: string, backupDir: string, stage: string): string {
	const kept = MEMBER_FILE_NAMES.map((name) => shellQuote(posix.join(backupDir, stage, name)));
	const dir = shellQuote(stagingDir(confDir));
	return `${stagingScript(confDir)} && cp -a -- ${kept.join(' ')} ${dir}/ && ${commitScript(confDir, MEMBER_FILE_NAMES)}`;
}

/** Removes a run's backups dir. */
export function dropBackupsScript(backupDir: string): string {
	return `rm -rf -- ${shellQuote(backupDir)}`;
}

/** One member's files during a rekey run: backups, staged changes, restores. */
export class MemberFiles {
	/** Stages backed up so far in this run. */
	readonly #kept = new Set<string>();

	constructor(
		private readonly connection: HostConnection,
		readonly confDir: string,
		/** Absolute: `<confDir>/backup-<time>`. */
		readonly backupDir: string,
	) {}

	/** Whether `stage` was backed up in this run. */
	kept(stage: string): boolean {
		return this.#kept.has(stage);
	}

	/** Whether any stage was backed up in this run. */
	keptAny(): boolean {
		return this.#kept.size > 0;
	}

	/** Keeps the files as they are now under `<backupDir>/<stage>`. */
	async backup(stage: string, signal?: AbortSignal): Promise<void> {
		await this.#run(backupScript(this.confDir, this.backupDir, stage), signal);
		this.#kept.add(stage);
	}

	/** Uploads every file to its staged name (atomically each), then moves all in at once. */
	async replace(files: readonly NewMemberFile[], signal?: AbortSignal): Promise<void> {
		// Certificates before their keys, whatever order the caller had (see commitScript).
		const ordered = [...files].sort(
			(a, b) => MEMBER_FILE_NAMES.indexOf(a.name) - MEMBER_FILE_NAMES.indexOf(b.name),
		);
		await this.#run(stagingScript(this.confDir), signal);
		// Staged files are invisible to etcd, so they go up at once (one channel each); all are
		// settled before a failure is passed on, so a rollback never races an upload.
		const uploads = await Promise.allSettled(
			ordered.map((file) =>
				this.connection.upload(stagedPath(this.confDir, file.name), file.content, {
					mode: file.mode,
					owner: file.owner,
					group: file.group,
					...(signal ? { signal } : {}),
				}),
			),
		);
		for (const upload of uploads) if (upload.status === 'rejected') throw upload.reason;
		await this.#run(
			commitScript(
				this.confDir,
				ordered.map((f) => f.name),
			),
			signal,
		);
	}

	/**
	 * Puts the files of `<backupDir>/<stage>` back; false when that stage was never kept (then
	 * nothing of it was changed). No signal: a rollback is not cut short.
	 */
	async restore(stage: string): Promise<boolean> {
		if (!this.#kept.has(stage)) return false;
		await this.#run(restoreScript(this.confDir, this.backupDir, stage));
		return true;
	}

	/** Removes this run's backups (once the whole run has succeeded). */
	async dropBackups(signal?: AbortSignal): Promise<void> {
		await this.#run(dropBackupsScript(this.backupDir), signal);
	}

	async #run(command: string, signal?: AbortSignal): Promise<void> {
		await this.connection.exec(command, {
			sudo: true,
			check: true,
			timeoutMs: 30_000,
			...(signal ? { signal } : {}),
		});
	}
}
