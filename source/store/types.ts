/**
 * The answers remembered between runs as the next run's defaults. Never a passphrase, a key or
 * anything secret: only what the operator would type again.
 */
export interface StoredAnswers {
	readonly sshUser?: string;
	readonly sshPort?: string;
	/** A key file path, or 'agent'. */
	readonly identity?: string;
	readonly interface?: string;
	readonly clientPort?: string;
	readonly peerPort?: string;
	readonly user?: string;
	readonly group?: string;
	readonly version?: string;
	readonly source?: string;
	readonly downloadUrl?: string;
	readonly checksumUrl?: string;
}

/** The keys of StoredAnswers; anything else found in the store is dropped on read. */
export const STORED_ANSWER_KEYS = [
	'sshUser',
	'sshPort',
	'identity',
	'interface',
	'clientPort',
	'peerPort',
	'user',
	'group',
	'version',
	'source',
	'downloadUrl',
	'checksumUrl',
] as const satisfies readonly (keyof StoredAnswers)[];

/** Recent cluster files and last answers, kept between runs. */
export interface WizardStore {
	/** Absolute paths, newest first. */
	recentFiles(): string[];
	/** Puts `path` first in the recent files. */
	rememberFile(path: string): void;
	lastAnswers(): StoredAnswers;
	rememberAnswers(answers: StoredAnswers): void;
}
