import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from './lab.js';

/** The built program, as a user runs it (`npm test` builds it before the e2e tests). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs `etcd-wizard ...args` without a TTY and collects its output. */
export function runCli(
	args: readonly string[],
	options: { timeoutMs?: number } = {},
): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[CLI, ...args],
			{
				timeout: options.timeoutMs ?? 300_000,
				maxBuffer: 64 << 20,
				env: { ...process.env, NO_COLOR: '1' },
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			},
		);
	});
}

/** Starts the program and lets the test send it a signal (Ctrl-C tests). */
export function spawnCli(args: readonly string[]) {
	return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
}

export interface LabClusterOptions {
	readonly hosts?: readonly { readonly name: string; readonly address: string }[];
	readonly interface?: string;
	readonly tarball?: boolean;
	readonly settings?: Record<string, string | number | boolean>;
	readonly dir?: string;
	readonly name?: string;
}

/** Writes a cluster file for the lab's hosts in a fresh dir; returns its path. */
export async function writeLabCluster(lab: Lab, options: LabClusterOptions = {}): Promise<string> {
	const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'etcd-wizard-e2e-')));
	const hosts = options.hosts ?? lab.hosts;
	const settings = options.settings ?? { 'heartbeat-interval': 100, 'election-timeout': 1000 };
	const source = options.tarball
		? [`  tarball: ${lab.mirror.tarball}`]
		: [`  downloadUrl: ${lab.mirror.downloadUrl}`, `  checksumUrl: ${lab.mirror.checksumUrl}`];
	const text = [
		'apiVersion: etcd-wizard/v1',
		`name: ${options.name ?? 'lab'}`,
		'ssh:',
		`  user: ${lab.user}`,
		'  port: 22',
		`  identityFile: ${lab.sshKey}`,
		'  knownHostsFile: ./known_hosts',
		'etcd:',
		`  version: "${lab.etcdVersion}"`,
		...source,
		`  interface: ${options.interface ?? lab.clusterInterface}`,
		'  settings:',
		...Object.entries(settings).map(([k, v]) => `    ${k}: ${v}`),
		'hosts:',
		...hosts.flatMap((h) => [`  - name: ${h.name}`, `    address: ${h.address}`]),
		'',
	].join('\n');
	const file = join(dir, 'cluster.yaml');
	await writeFile(file, text);
	return file;
}

/** Runs a command through a promise-returning execFile (for tools like openssl). */
export function tool(command: string, args: readonly string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, (error, stdout, stderr) =>
			error ? reject(new Error(`${command}: ${stderr}`)) : resolve(stdout),
		);
	});
}
