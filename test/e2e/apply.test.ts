import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeLabCluster } from '../support/cli.js';
import { inHostNamespace, type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { raftView } from '../support/leader.js';
import { asRoot, mainPids, rawExec } from '../support/raw-ssh.js';
import { parseWriter, writerScript } from '../support/writer.js';

/** A command as root on a lab host; fails the test on a non-zero exit. */
async function onHost(lab: Lab, name: string, command: string): Promise<string> {
	const host = lab.hosts.find((h) => h.name === name);
	if (!host) throw new Error(`no host ${name}`);
	return asRoot(lab, host, command);
}

const ETCDCTL = 'set -a; . /etc/etcd/etcdctl.env; set +a; etcdctl';

async function fileHashes(lab: Lab): Promise<string[]> {
	return Promise.all(
		lab.hosts.map((h) =>
			onHost(
				lab,
				h.name,
				'sha256sum /etc/etcd/* /etc/systemd/system/etcd.service /usr/local/bin/etcd',
			),
		),
	);
}

describe('apply on three fresh lab hosts (as ops, through sudo)', () => {
	let lab: Lab;
	let clusterFile: string;

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		clusterFile = await writeLabCluster(lab);
	});

	afterAll(async () => {
		await labDown();
	});

	const nothingInstalled = async () => {
		for (const h of lab.hosts) {
			expect(
				await onHost(lab, h.name, 'ls /etc/etcd /usr/local/bin/etcd 2>&1 || true'),
				h.name,
			).toMatch(/No such file/);
		}
	};

	it('refuses a bad cluster file with file:line:column, key path and the fix', async () => {
		const bad = join(dirname(clusterFile), 'bad.yaml');
		const text = (await readFile(clusterFile, 'utf8')).replace(
			'election-timeout: 1000',
			'election-timeout: 400',
		);
		await writeFile(bad, text);
		const r = await runCli(['apply', bad, '--yes', '--accept-new-host-keys']);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(
			/bad\.yaml:\d+:\d+ etcd\.settings\.election-timeout: 400 must be at least 5 x heartbeat-interval \(100\)/,
		);
	});

	it('refuses an unknown host key headless, and touches no host', async () => {
		const r = await runCli(['apply', clusterFile, '--yes']);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain('--accept-new-host-keys');
		expect(r.stderr).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
	});

	it('refuses when one host lacks the interface, naming it, and touches no host', async () => {
		const etcd3 = lab.hosts[2];
		if (!etcd3) throw new Error('no etcd3');
		await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg0', 'down']);
		await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg0', 'name', 'wg9']);
		try {
			const r = await runCli(['apply', clusterFile, '--yes', '--accept-new-host-keys']);
			expect(r.code).not.toBe(0);
			expect(r.stderr).toContain('etcd3 has no interface wg0');
			await nothingInstalled();
		} finally {
			await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg9', 'name', 'wg0']);
			await inHostNamespace(etcd3, ['ip', 'link', 'set', 'wg0', 'up']);
		}
	});

	it('refuses an unreachable host, naming it, and touches no host', async () => {
		const file = await writeLabCluster(lab, {
			dir: dirname(clusterFile),
			hosts: [
				...lab.hosts,
				{ name: 'etcd9', address: `${lab.mgmtGateway.replace(/\.1$/, '.19')}` },
			],
		});
		const unreachable = file.replace('cluster.yaml', 'unreachable.yaml');
		await writeFile(unreachable, await readFile(file, 'utf8'));
		await writeLabCluster(lab, { dir: dirname(clusterFile) });
		const r = await runCli(['apply', unreachable, '--yes', '--accept-new-host-keys'], {
			timeoutMs: 60_000,
		});
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(/etcd9/);
		await nothingInstalled();
	});

	it('bootstraps a healthy mTLS cluster: one leader, one term', async () => {
		const started = Date.now();
		const r = await runCli(['apply', clusterFile, '--yes', '--accept-new-host-keys']);
		expect(r.code, r.stderr).toBe(0);
		console.log(`fresh 3-host apply: ${Date.now() - started} ms`);
		const health = await runCli(['health', clusterFile, '--json']);
		expect(health.code, health.stderr).toBe(0);
		const report = JSON.parse(health.stdout);
		expect(report.cluster).toMatchObject({ name: 'lab', healthy: true, quorum: true, members: 3 });
		expect(report.members).toHaveLength(3);
		expect(report.members.filter((m: { isLeader: boolean }) => m.isLeader)).toHaveLength(1);
		expect(new Set(report.members.map((m: { raftTerm: number }) => m.raftTerm)).size).toBe(1);
		for (const m of report.members) {
			expect(m).toMatchObject({ healthy: true, error: null, version: lab.etcdVersion });
			expect(m.endpoint).toMatch(/^https:\/\/10\.88\.0\.1\d:2379$/);
		}
	});

	it('reads through one member what was written through another', async () => {
		await onHost(lab, 'etcd1', `${ETCDCTL} put /e2e/greeting hello-from-etcd1`);
		expect(await onHost(lab, 'etcd3', `${ETCDCTL} get --print-value-only /e2e/greeting`)).toBe(
			'hello-from-etcd1\n',
		);
	});

	it('refuses a client without a certificate, and one from another CA', async () => {
		const url = 'https://10.88.0.12:2379/health';
		const none = await rawExec(
			lab.hosts[0]?.address ?? '',
			'root',
			lab.sshKey,
			`curl -sS --cacert /etc/etcd/ca.crt ${url}`,
		);
		expect(none.code).not.toBe(0);
		const other = await rawExec(
			lab.hosts[0]?.address ?? '',
			'root',
			lab.sshKey,
			[
				'cd $(mktemp -d)',
				'openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -subj /CN=intruder -days 1 -addext extendedKeyUsage=clientAuth 2>/dev/null',
				`curl -sS --cacert /etc/etcd/ca.crt --cert c.pem --key k.pem ${url}`,
			].join(' && '),
		);
		expect(other.code).not.toBe(0);
		expect(other.stdout).not.toContain('"health":"true"');
		const good = await onHost(
			lab,
			'etcd1',
			`curl -sS --cacert /etc/etcd/ca.crt --cert /etc/etcd/server.crt --key /etc/etcd/server.key ${url}`,
		);
		expect(good).toContain('"health":"true"');
	});

	it('lays files down with the modes and owners design.md gives, and no CA key on any host', async () => {
		const caKey = await readFile(join(dirname(clusterFile), 'pki', 'ca.key'), 'utf8');
		const needle = caKey.split('\n')[5] ?? '';
		expect(needle.length).toBeGreaterThan(40);
		for (const h of lab.hosts) {
			const stat = await onHost(
				lab,
				h.name,
				'stat -c "%n %a %U %G" /etc/etcd /var/lib/etcd /etc/etcd/server.key /etc/etcd/peer.key /etc/etcd/etcd.conf.yml /etc/etcd/ca.crt /etc/systemd/system/etcd.service',
			);
			expect(stat.trim().split('\n')).toEqual([
				'/etc/etcd 750 root etcd',
				'/var/lib/etcd 700 etcd etcd',
				'/etc/etcd/server.key 600 etcd etcd',
				'/etc/etcd/peer.key 600 etcd etcd',
				'/etc/etcd/etcd.conf.yml 640 root etcd',
				'/etc/etcd/ca.crt 644 root etcd',
				'/etc/systemd/system/etcd.service 644 root root',
			]);
			const shell = await onHost(lab, h.name, 'getent passwd etcd | cut -d: -f7');
			expect(shell.trim()).toMatch(/nologin$/);
			const found = await onHost(
				lab,
				h.name,
				`grep -rlF -- '${needle}' /etc /var /root /home /tmp /usr/local 2>/dev/null || true`,
			);
			expect(found, `${h.name} holds the CA key`).toBe('');
		}
	});

	it('changes nothing and restarts nothing on an unchanged re-run', async () => {
		const pids = await mainPids(lab);
		const hashes = await fileHashes(lab);
		const started = Date.now();
		const r = await runCli(['apply', clusterFile, '--yes']);
		expect(r.code, r.stderr).toBe(0);
		console.log(`unchanged re-run: ${Date.now() - started} ms`);
		expect(await mainPids(lab)).toEqual(pids);
		expect(await fileHashes(lab)).toEqual(hashes);
		expect(await onHost(lab, 'etcd2', `${ETCDCTL} get --print-value-only /e2e/greeting`)).toBe(
			'hello-from-etcd1\n',
		);
		const plan = await runCli(['plan', clusterFile]);
		expect(plan.code, plan.stderr).toBe(0);
		expect(plan.stdout).toContain('nothing to change');
	});

	it('rolls a config change one member at a time, the leader last, while a writer never fails', async () => {
		const pids = await mainPids(lab);
		const before = await raftView(lab);
		const writer = rawExec(
			lab.hosts[0]?.address ?? '',
			'root',
			lab.sshKey,
			writerScript({
				endpoints: lab.hosts.map((h) => `https://${h.clusterAddress}:2379`),
				prefix: '/e2e/writer/',
				stopFile: '/tmp/stop-writer',
			}),
		);
		await writeFile(
			clusterFile,
			(await readFile(clusterFile, 'utf8')).replace(
				'election-timeout: 1000',
				'election-timeout: 1200',
			),
		);
		const plan = await runCli(['plan', clusterFile]);
		expect(plan.stdout).toContain('+election-timeout: 1200');
		const r = await runCli(['apply', clusterFile, '--yes']);
		await onHost(lab, 'etcd1', 'touch /tmp/stop-writer');
		const written = await writer;
		expect(r.code, r.stderr).toBe(0);
		const { ok, failed, retried, why } = parseWriter(written.stdout);
		console.log(
			`writer during rolling restart: ${ok} ok, ${failed} failed, ${retried} retried ${why} (see writerScript)`,
		);
		expect(failed, await onHost(lab, 'etcd1', 'cat /tmp/writer.err || true')).toBe(0);
		expect(ok).toBeGreaterThan(10);
		const after = await mainPids(lab);
		for (const [i, pid] of after.entries()) expect(pid, lab.hosts[i]?.name).not.toBe(pids[i]);
		// One at a time: each restart starts only after the previous member is healthy again.
		const order = r.stderr
			.split('\n')
			.filter((l) => /\b(restart|healthy)\b.*(started|done)/.test(l));
		const restarts = order.filter((l) => /restart\s+started/.test(l)).length;
		expect(restarts).toBe(3);
		for (let i = 0; i < order.length - 1; i++) {
			if (/restart\s+started/.test(order[i] ?? '')) expect(order[i + 1]).toMatch(/restart\s+done/);
		}
		expect(await onHost(lab, 'etcd2', 'grep election-timeout /etc/etcd/etcd.conf.yml')).toContain(
			'1200',
		);
		// The leader went last, so leadership moved once (a restarted follower that called an
		// election of its own would move it again: etcd 3.4 has no pre-vote by default).
		const restarted = /restarted one at a time: (.*)/.exec(r.stderr)?.[1]?.split(', ');
		expect(restarted?.at(-1)).toBe(before.leader);
		console.log(
			`raft term ${before.term} -> ${(await raftView(lab)).term} over the rolling restart`,
		);
	});

	it('refuses a host whose key changed, naming both fingerprints', async () => {
		await onHost(
			lab,
			'etcd2',
			'rm -f /etc/ssh/ssh_host_* && ssh-keygen -q -A && systemctl restart ssh',
		);
		const r = await runCli(['health', clusterFile]);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(/etcd2/);
		expect(r.stderr.match(/SHA256:[A-Za-z0-9+/]{43}/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
	});
});
