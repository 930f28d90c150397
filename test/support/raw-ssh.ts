import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';

/**
 * A bare ssh2 exec for tests that check the lab itself, independent of the product's SSH layer
 * (so a bug there cannot hide a broken lab). Host keys are not checked: the lab's own hosts.
 */
export async function rawExec(
	address: string,
	user: string,
	keyFile: string,
	command: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
	const client = new Client();
	try {
		await new Promise<void>((resolve, reject) => {
			client.once('ready', resolve).once('error', reject);
			client.connect({
				host: address,
				username: user,
				privateKey: readFileSync(keyFile),
				readyTimeout: 10_000,
			});
		});
		return await new Promise((resolve, reject) => {
			client.exec(command, (error, stream) => {
				if (error) return reject(error);
				let stdout = '';
				let stderr = '';
				stream.on('data', (d: Buffer) => {
					stdout += d.toString();
				});
				stream.stderr.on('data', (d: Buffer) => {
					stderr += d.toString();
				});
				stream.on('close', (code: number | null) => resolve({ code: code ?? -1, stdout, stderr }));
			});
		});
	} finally {
		client.end();
	}
}

/** A command as root on a lab host; throws, naming the host, on a non-zero exit. */
export async function asRoot(
	lab: { readonly sshKey: string },
	host: { readonly name: string; readonly address: string },
	command: string,
): Promise<string> {
	const r = await rawExec(host.address, 'root', lab.sshKey, command);
	if (r.code !== 0) throw new Error(`${host.name}: ${command}: exit ${r.code}: ${r.stderr}`);
	return r.stdout;
}

/** The same command as root on every lab host at once; outputs in host order. */
export function onEveryHost(
	lab: { readonly sshKey: string; readonly hosts: readonly { name: string; address: string }[] },
	command: string,
): Promise<string[]> {
	return Promise.all(lab.hosts.map((host) => asRoot(lab, host, command)));
}

/** Each host's etcd MainPID (as text), in host order: a restart changes it. */
export function mainPids(lab: Parameters<typeof onEveryHost>[0]): Promise<string[]> {
	return onEveryHost(lab, 'systemctl show -p MainPID --value etcd');
}
