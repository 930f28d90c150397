import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Runs a program and returns its stdout. */
export const run = promisify(execFile);

/** Makes a key pair with ssh-keygen in `dir`; returns the public key's blob and .pub path. */
export async function makeKey(
	dir: string,
	name: string,
	type = 'ed25519',
): Promise<{ blob: Buffer; pub: string; type: string }> {
	const file = join(dir, name);
	await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', '', '-f', file]);
	const [keyType, base64] = (await readFile(`${file}.pub`, 'utf8')).split(' ');
	return { blob: Buffer.from(base64 ?? '', 'base64'), pub: `${file}.pub`, type: keyType ?? '' };
}
