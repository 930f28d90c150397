import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, writeLabCluster } from '../support/cli.js';
import { type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { rawExec } from '../support/raw-ssh.js';

describe('apply from a local tarball (air-gapped) on five hosts', () => {
	let lab: Lab;
	let clusterFile: string;

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(5);
		clusterFile = await writeLabCluster(lab, { tarball: true, name: 'airgap' });
	});

	afterAll(async () => {
		await labDown();
	});

	it('stops after the current step on Ctrl-C, leaving no half-written file', async () => {
		const child = spawnCli(['apply', clusterFile, '--yes', '--accept-new-host-keys']);
		let stderr = '';
		const exited = new Promise<number | null>((resolve) =>
			child.on('exit', (code) => resolve(code)),
		);
		await new Promise<void>((resolve, reject) => {
			child.stderr.on('data', (chunk: Buffer) => {
				stderr += chunk.toString();
				if (/install-etcd\s+started/.test(stderr)) resolve();
			});
			child.on('exit', () => reject(new Error(`apply ended before installing: ${stderr}`)));
		});
		child.kill('SIGINT');
		expect(await exited).toBe(130);
		expect(stderr).toContain('stopping after the current step on each host');
		for (const host of lab.hosts) {
			const r = await rawExec(
				host.address,
				'root',
				lab.sshKey,
				'ls -a /etc/etcd /usr/local/bin 2>/dev/null; systemctl is-active etcd || true',
			);
			expect(r.stdout, host.name).not.toMatch(/etcd-wizard|\.tmp/);
			expect(r.stdout, host.name).toMatch(/inactive|unknown/);
		}
	});

	it('then bootstraps all five members from the uploaded release', async () => {
		const started = Date.now();
		const r = await runCli(['apply', clusterFile, '--yes', '--accept-new-host-keys']);
		expect(r.code, r.stderr).toBe(0);
		console.log(`fresh 5-host apply (tarball): ${Date.now() - started} ms`);
		expect(r.stderr).not.toMatch(/curl|wget/);
		const health = await runCli(['health', clusterFile, '--json']);
		expect(health.code, health.stderr).toBe(0);
		const report = JSON.parse(health.stdout);
		expect(report.cluster).toMatchObject({
			name: 'airgap',
			healthy: true,
			quorum: true,
			members: 5,
		});
		expect(report.members.filter((m: { isLeader: boolean }) => m.isLeader)).toHaveLength(1);
		const version = await rawExec(
			lab.hosts[4]?.address ?? '',
			'ops',
			lab.sshKey,
			'/usr/local/bin/etcd --version',
		);
		expect(version.stdout).toContain(`etcd Version: ${lab.etcdVersion}`);
	});

	it('health says exit 1 with one member down and 2 without quorum, naming them', async () => {
		const stop = (i: number) =>
			rawExec(lab.hosts[i]?.address ?? '', 'root', lab.sshKey, 'systemctl stop etcd');
		await stop(4);
		const one = await runCli(['health', clusterFile, '--json']);
		expect(one.code).toBe(1);
		const report = JSON.parse(one.stdout);
		const down = report.members.find((m: { name: string }) => m.name === 'etcd5');
		expect(down.healthy).toBe(false);
		expect(down.error).toMatch(/etcd5/);
		await stop(3);
		await stop(2);
		const none = await runCli(['health', clusterFile]);
		expect(none.code).toBe(2);
		expect(none.stdout).toMatch(/NO QUORUM/);
		const back = await runCli(['apply', clusterFile, '--yes']);
		expect(back.code, back.stderr).toBe(0);
	});
});
