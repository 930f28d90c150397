import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { rawExec } from '../support/raw-ssh.js';

const HOSTS = 3;

describe('the lab: real hosts on one machine', () => {
	let lab: Lab;

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(HOSTS);
	});

	afterAll(async () => {
		await labDown();
	});

	it('brings up the hosts it was asked for, on the addresses design.md gives', () => {
		expect(lab.hosts.map((h) => [h.name, h.address, h.clusterAddress])).toEqual([
			['etcd1', '10.77.0.11', '10.88.0.11'],
			['etcd2', '10.77.0.12', '10.88.0.12'],
			['etcd3', '10.77.0.13', '10.88.0.13'],
		]);
	});

	it('lets ops in over ssh2 with passwordless sudo, on a running systemd', async () => {
		for (const host of lab.hosts) {
			const sudo = await rawExec(host.address, 'ops', lab.sshKey, 'sudo -n id -u');
			expect(sudo, host.name).toMatchObject({ code: 0, stdout: '0\n' });
			const system = await rawExec(host.address, 'ops', lab.sshKey, 'systemctl is-system-running');
			expect(['running\n', 'degraded\n'], `${host.name}: ${system.stdout}`).toContain(
				system.stdout,
			);
		}
	});

	it('gives each host its own SSH host key and its own hostname', async () => {
		const seen = new Set<string>();
		for (const host of lab.hosts) {
			const r = await rawExec(
				host.address,
				'root',
				lab.sshKey,
				'hostname; cat /etc/ssh/ssh_host_ed25519_key.pub',
			);
			const [hostname, key] = r.stdout.trim().split('\n');
			expect(hostname).toBe(host.name);
			seen.add(key ?? '');
		}
		expect(seen.size).toBe(HOSTS);
	});

	it('puts wg0 on the cluster network, visible through the host own sysfs', async () => {
		for (const host of lab.hosts) {
			const r = await rawExec(
				host.address,
				'ops',
				lab.sshKey,
				'ip -4 -o addr show dev wg0; ls /sys/class/net',
			);
			expect(r.stdout).toContain(`inet ${host.clusterAddress}/24`);
			expect(r.stdout.split('\n').slice(1).filter(Boolean).sort()).toEqual(['eth0', 'lo', 'wg0']);
		}
		// Hosts reach each other over wg0.
		const [first, second] = lab.hosts;
		const reach = await rawExec(
			first?.address ?? '',
			'ops',
			lab.sshKey,
			`timeout 3 bash -c 'echo > /dev/tcp/${second?.clusterAddress}/22' && echo reached`,
		);
		expect(reach.stdout).toBe('reached\n');
	});

	it('serves the etcd release through the mirror, matching SHA256SUMS', async () => {
		const host = lab.hosts[0];
		if (!host) throw new Error('no host');
		const tarballUrl = lab.mirror.downloadUrl
			.replaceAll('{version}', lab.etcdVersion)
			.replaceAll('{arch}', 'amd64');
		const sumsUrl = lab.mirror.checksumUrl.replaceAll('{version}', lab.etcdVersion);
		const r = await rawExec(
			host.address,
			'ops',
			lab.sshKey,
			`cd /tmp && curl -fsSO ${tarballUrl} && curl -fsS ${sumsUrl} | sha256sum -c - && tar -tzf etcd-v${lab.etcdVersion}-linux-amd64.tar.gz`,
		);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toContain(`etcd-v${lab.etcdVersion}-linux-amd64.tar.gz: OK`);
		expect(r.stdout).toContain(`etcd-v${lab.etcdVersion}-linux-amd64/etcd\n`);
		expect(r.stdout).toContain(`etcd-v${lab.etcdVersion}-linux-amd64/etcdctl\n`);
		const local = createHash('sha256')
			.update(await readFile(lab.mirror.tarball))
			.digest('hex');
		expect(r.stdout).not.toContain('FAILED');
		const sums = await rawExec(host.address, 'ops', lab.sshKey, `curl -fsS ${sumsUrl}`);
		expect(sums.stdout).toContain(local);
	});

	it('down removes every namespace, mount, link and process it made', async () => {
		await labDown();
		const netns = execFileSync('ip', ['netns', 'list']).toString();
		expect(netns).not.toContain(`${lab.prefix}-`);
		const mounts = await readFile('/proc/mounts', 'utf8');
		expect(mounts).not.toContain(lab.state);
		const links = execFileSync('ip', ['-o', 'link', 'show']).toString();
		expect(links).not.toMatch(new RegExp(`: ${lab.prefix}[-mc]`));
		const procs = execFileSync('ps', ['-eo', 'args']).toString();
		expect(procs).not.toContain(`--machine=${lab.prefix}-`);
		expect(procs).not.toContain(`--bind ${lab.mgmtGateway}`);
		// And a fresh lab comes up again right after (no leftovers in the way).
		lab = await labUp(1);
		const again = await rawExec(lab.hosts[0]?.address ?? '', 'ops', lab.sshKey, 'sudo -n id -u');
		expect(again.stdout).toBe('0\n');
	});
});
