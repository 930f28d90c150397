import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeLabCluster } from '../support/cli.js';
import {
	inHostNamespace,
	type Lab,
	type LabHost,
	labDown,
	labUp,
	requireRoot,
} from '../support/lab.js';
import { asRoot } from '../support/raw-ssh.js';

// This file's own lab: other e2e files (and other people's labs) use other names and subnets.
process.env.LAB_PREFIX ??= 'ewc';
process.env.LAB_MGMT_NET ??= '10.78.0';
process.env.LAB_CLUSTER_NET ??= '10.89.0';

const onHost = asRoot;

/**
 * nft inside a host's network namespace, with the host's own nft binary (the host itself lacks
 * the capability; this machine may lack nft).
 */
function nft(lab: Lab, host: LabHost, ...words: string[]): Promise<string> {
	return inHostNamespace(host, [
		'chroot',
		join(lab.state, 'hosts', host.name, 'root'),
		'nft',
		...words,
	]);
}

describe('check on three fresh lab hosts', () => {
	let lab: Lab;
	let clusterFile: string;
	let etcd1: LabHost;
	let etcd2: LabHost;
	let etcd3: LabHost;

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		[etcd1, etcd2, etcd3] = lab.hosts as [LabHost, LabHost, LabHost];
		clusterFile = await writeLabCluster(lab);
	});

	afterAll(async () => {
		await labDown();
	});

	it('passes a good lab, with the tuning advice from the measured round trip', async () => {
		const started = Date.now();
		const r = await runCli(['check', clusterFile, '--accept-new-host-keys']);
		const elapsed = Date.now() - started;
		expect(r.code, r.stdout + r.stderr).toBe(0);
		// Its speed is measured by `npm run bench`.
		console.log(`check of 3 hosts: ${elapsed} ms`);
		expect(r.stdout).not.toMatch(/^(FAIL|WARN) /m);
		expect(r.stdout).toMatch(/^check lab: \d+ passed; nothing stops apply$/m);
		for (const h of lab.hosts) {
			expect(r.stdout).toMatch(
				new RegExp(
					`^PASS +${h.name} +reachability +.* reach ${h.name} \\(${h.clusterAddress.replaceAll('.', '\\.')}\\) on peer port 2380 and client port 2379 \\(answered by a (perl|python3) listener\\)$`,
					'm',
				),
			);
		}
		const tuning =
			/^PASS +cluster +tuning +measured round trip ([\d.]+) ms at most \(etcd\d -> etcd\d\); recommended heartbeat-interval 100 ms, election-timeout 1000 ms;/m.exec(
				r.stdout,
			);
		expect(tuning, r.stdout).not.toBeNull();
		console.log(`measured round trip: ${tuning?.[1]} ms`);

		const json = await runCli(['check', clusterFile, '--json']);
		expect(json.code, json.stderr).toBe(0);
		const report = JSON.parse(json.stdout);
		expect(report.cluster).toMatchObject({ name: 'lab', ok: true, failed: 0 });
		expect(report.tuning.rttMs).toBeGreaterThan(0);
		expect(report.tuning.recommended).toEqual({
			'heartbeat-interval': 100,
			'election-timeout': 1000,
		});
		// Nothing is left behind: no listener, no probe file.
		for (const h of lab.hosts) {
			expect(await onHost(lab, h, 'ss -Hltn "sport = :2379 or sport = :2380"')).toBe('');
			expect(await onHost(lab, h, 'ls -a /var/lib | grep etcd-wizard-probe || true')).toBe('');
		}
	});

	it('fails a peer port dropped on one host, naming both hosts and the port; apply installs nothing', async () => {
		await nft(lab, etcd3, 'add', 'table', 'inet', 'ewc-check');
		await nft(
			lab,
			etcd3,
			'add',
			'chain',
			'inet',
			'ewc-check',
			'input',
			'{ type filter hook input priority 0; }',
		);
		await nft(
			lab,
			etcd3,
			'add',
			'rule',
			'inet',
			'ewc-check',
			'input',
			'tcp',
			'dport',
			'2380',
			'drop',
		);
		try {
			const r = await runCli(['check', clusterFile]);
			expect(r.code).toBe(1);
			for (const from of [etcd1, etcd2]) {
				expect(r.stdout).toContain(
					`FAIL  ${from.name} -> etcd3  reachability   ${from.name} cannot reach etcd3 at ${etcd3.clusterAddress}:2380 (peer port): no answer within 2 s`,
				);
			}
			expect(r.stdout).not.toMatch(/cannot reach etcd3 at [\d.]+:2379/);
			expect(r.stdout).toMatch(/^check lab: 2 failed, .*apply would be refused$/m);

			const apply = await runCli(['apply', clusterFile, '--yes']);
			expect(apply.code).not.toBe(0);
			expect(apply.stderr).toContain(`etcd1 cannot reach etcd3 at ${etcd3.clusterAddress}:2380`);
			expect(apply.stderr).toContain(`etcd2 cannot reach etcd3 at ${etcd3.clusterAddress}:2380`);
			for (const h of lab.hosts) {
				expect(
					await onHost(lab, h, 'ls /usr/local/bin/etcd /etc/etcd 2>&1 || true'),
					h.name,
				).toMatch(/No such file.*\n.*No such file/);
			}
		} finally {
			await nft(lab, etcd3, 'delete', 'table', 'inet', 'ewc-check');
		}
	});

	it('fails a port another program holds, naming the host, the port and the program', async () => {
		const pid = (
			await onHost(
				lab,
				etcd2,
				`setsid perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 2379, Listen => 5, ReuseAddr => 1) or die; sleep 300' </dev/null >/dev/null 2>&1 & echo $!`,
			)
		).trim();
		try {
			await onHost(
				lab,
				etcd2,
				'for i in $(seq 50); do ss -Hltn "sport = :2379" | grep -q . && exit 0; sleep 0.1; done; exit 1',
			);
			const r = await runCli(['check', clusterFile]);
			expect(r.code).toBe(1);
			expect(r.stdout).toMatch(
				/^FAIL +etcd2 +ports +etcd2: client port 2379 is taken by perl \(listening on 0\.0\.0\.0:2379\)$/m,
			);
			expect(r.stdout.match(/^FAIL/gm)).toHaveLength(1);
		} finally {
			await onHost(lab, etcd2, `kill ${pid}`);
		}
	});

	it('fails a host without the interface, naming it', async () => {
		await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg0', 'down']);
		await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg0', 'name', 'wg9']);
		try {
			const r = await runCli(['check', clusterFile, '--json']);
			expect(r.code).toBe(1);
			const report = JSON.parse(r.stdout);
			const failed = report.checks.filter((c: { verdict: string }) => c.verdict === 'fail');
			expect(failed).toEqual([
				expect.objectContaining({
					check: 'interface',
					host: 'etcd3',
					reason: 'etcd3 has no interface wg0 (it has: lo, eth0, wg9)',
				}),
			]);
		} finally {
			await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg9', 'name', 'wg0']);
			await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg0', 'up']);
		}
	});
});
