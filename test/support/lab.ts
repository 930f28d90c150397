import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const labScript = fileURLToPath(new URL('../lab/lab.sh', import.meta.url));

/** One lab host as `lab.sh env` describes it. */
export interface LabHost {
	readonly name: string;
	/** Management address (eth0): where SSH reaches the host. */
	readonly address: string;
	/** Cluster address (wg0). */
	readonly clusterAddress: string;
	readonly netns: string;
	readonly machine: string;
	/** cpuacct.usage of the host's CPU accounting group (ns), where the machine has cgroup v1. */
	readonly cpuUsageFile?: string;
}

export interface Lab {
	readonly prefix: string;
	readonly user: string;
	readonly sshKey: string;
	readonly state: string;
	readonly mgmtGateway: string;
	readonly clusterInterface: string;
	readonly etcdVersion: string;
	readonly mirror: {
		readonly downloadUrl: string;
		readonly checksumUrl: string;
		readonly tarball: string;
	};
	readonly hosts: readonly LabHost[];
}

/** Runs `test/lab/lab.sh` with the given words; its stderr is kept for the error message. */
export async function labCommand(...args: string[]): Promise<string> {
	try {
		const { stdout } = await run('bash', [labScript, ...args], { maxBuffer: 16 << 20 });
		return stdout;
	} catch (error) {
		const stderr = (error as { stderr?: string }).stderr ?? '';
		throw new Error(`lab.sh ${args.join(' ')} failed: ${stderr.trim() || String(error)}`);
	}
}

/** Brings up `count` fresh hosts and returns their description. */
export async function labUp(count: number): Promise<Lab> {
	await labCommand('up', String(count));
	return labEnv();
}

export async function labEnv(): Promise<Lab> {
	return JSON.parse(await labCommand('env')) as Lab;
}

export async function labDown(): Promise<void> {
	await labCommand('down');
}

/** Runs a command inside a host's network namespace from this machine (netfilter rules, ...). */
export async function inHostNamespace(host: LabHost, command: string[]): Promise<string> {
	const { stdout } = await run('ip', ['netns', 'exec', host.netns, ...command]);
	return stdout;
}

/** The e2e tests need root for the lab; say so plainly instead of passing without it. */
export function requireRoot(): void {
	if (process.getuid?.() !== 0) {
		throw new Error(
			'the e2e tests need root: they bring up lab hosts (namespaces, mounts, nspawn)',
		);
	}
}
