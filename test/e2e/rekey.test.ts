import { X509Certificate } from 'node:crypto';
import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, spawnCli, writeLabCluster } from '../support/cli.js';
import { inHostNamespace, type Lab, labDown, labUp, requireRoot } from '../support/lab.js';
import { moveLeaderTo } from '../support/leader.js';
import { asRoot, mainPids, onEveryHost, rawExec } from '../support/raw-ssh.js';
import { parseWriter, writerScript } from '../support/writer.js';

// This file's own lab: names and subnets no other e2e file uses at the same time.
process.env.LAB_PREFIX ??= 'ewk';
process.env.LAB_MGMT_NET ??= '10.79.0';
process.env.LAB_CLUSTER_NET ??= '10.90.0';

/** Runs a command as root on the lab's host number `index`; fails the test on a non-zero exit. */
function root(lab: Lab, index: number, command: string): Promise<string> {
	const host = lab.hosts[index];
	if (!host) throw new Error(`no host #${index}`);
	return asRoot(lab, host, command);
}

/** The certificate a member presents on `port`, read from inside the lab's network. */
async function presented(lab: Lab, index: number, port: number): Promise<X509Certificate> {
	const [first] = lab.hosts;
	const target = lab.hosts[index];
	if (!first || !target) throw new Error(`no host #${index}`);
	const out = await inHostNamespace(first, [
		'sh',
		'-c',
		`openssl s_client -connect ${target.clusterAddress}:${port} </dev/null 2>/dev/null || true`,
	]);
	const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(out)?.[0];
	if (!pem) throw new Error(`${target.name}:${port} presented no certificate`);
	return new X509Certificate(pem);
}

/** Every member's client and peer certificate: [etcd1 client, etcd1 peer, etcd2 client, ...]. */
async function presentedAll(lab: Lab): Promise<X509Certificate[]> {
	const all: X509Certificate[] = [];
	for (const [i] of lab.hosts.entries()) {
		all.push(await presented(lab, i, 2379), await presented(lab, i, 2380));
	}
	return all;
}

/**
 * Puts a key every 50 ms through etcdctl on the first host (all three endpoints, 5 s command
 * timeout; see writerScript) until `stop` is called; resolves with the writes acknowledged,
 * failed and retried.
 */
function startWriter(
	lab: Lab,
	prefix: string,
): { stop: () => Promise<[number, number, string, number, string]> } {
	const [first] = lab.hosts;
	if (!first) throw new Error('no host');
	const endpoints = lab.hosts.map((h) => `https://${h.clusterAddress}:2379`);
	const stopFile = `/tmp/stop-writer-${prefix.replace(/\W/g, '')}`;
	const running = rawExec(
		first.address,
		'root',
		lab.sshKey,
		writerScript({ endpoints, prefix, stopFile }),
	);
	return {
		stop: async () => {
			await root(lab, 0, `touch ${stopFile}`);
			const r = await running;
			const { ok, failed, retried, why } = parseWriter(r.stdout);
			const errors = await root(lab, 0, 'cat /tmp/writer.err 2>/dev/null || true');
			return [ok, failed, errors, retried, why];
		},
	};
}

/** Whether etcd2 reads exactly the keys `<prefix>0` .. `<prefix><count - 1>`. */
async function readsAll(lab: Lab, prefix: string, count: number): Promise<boolean> {
	const out = await root(
		lab,
		1,
		`set -a; . /etc/etcd/etcdctl.env; set +a; etcdctl get --prefix --keys-only -w json ${prefix}`,
	);
	const kvs = (JSON.parse(out) as { kvs?: { key: string }[] }).kvs ?? [];
	const keys = new Set(kvs.map((kv) => Buffer.from(kv.key, 'base64').toString()));
	return (
		keys.size === count &&
		Array.from({ length: count }, (_, i) => `${prefix}${i}`).every((k) => keys.has(k))
	);
}

/**
 * Runs `etcd-wizard ...args` while a writer puts keys under `prefix`; checks that no write
 * failed and that every acknowledged write is readable afterwards.
 */
async function whileWriting(
	lab: Lab,
	prefix: string,
	label: string,
	args: readonly string[],
): Promise<CliResult> {
	const writer = startWriter(lab, prefix);
	const started = Date.now();
	const r = await runCli(args);
	const ms = Date.now() - started;
	const [ok, failed, errors, retried, why] = await writer.stop();
	console.log(
		`${label}: ${ms} ms; writer ${ok} ok, ${failed} failed, ${retried} retried ${why} (see writerScript)`,
	);
	expect(failed, errors).toBe(0);
	expect(ok).toBeGreaterThan(10);
	expect(await readsAll(lab, prefix, ok)).toBe(true);
	return r;
}

/** The steps of a run's plain output in order: `<node> <step> <started|done|FAILED>`. */
function steps(stderr: string, names: RegExp): string[] {
	return stderr
		.split('\n')
		.map((l) => /^(etcd\d)\s+(\S+)\s+(started|done|FAILED)/.exec(l))
		.flatMap((m) => (m && names.test(m[2] ?? '') ? [`${m[1]} ${m[2]} ${m[3]}`] : []));
}

/** The same from --json output: one event a line. */
function jsonSteps(stdout: string, names: RegExp): string[] {
	const outcome: Record<string, string> = {
		'node-step-started': 'started',
		'node-step-done': 'done',
		'node-step-failed': 'FAILED',
	};
	return stdout.split('\n').flatMap((line) => {
		const event = JSON.parse(line || '{}') as { type?: string; node?: string; step?: string };
		const word = outcome[event.type ?? ''];
		return word && names.test(event.step ?? '') ? [`${event.node} ${event.step} ${word}`] : [];
	});
}

describe('rekey on three lab hosts while a writer puts a key every 50 ms', () => {
	let lab: Lab;
	let clusterFile: string;
	let pki: string;

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		clusterFile = await writeLabCluster(lab);
		pki = join(dirname(clusterFile), 'pki');
		const r = await runCli(['apply', clusterFile, '--yes', '--accept-new-host-keys']);
		if (r.code !== 0) throw new Error(`apply failed: ${r.stderr}`);
	});

	afterAll(async () => {
		await labDown();
	});

	const localCert = async (file: string) => new X509Certificate(await readFile(join(pki, file)));

	it('lists every certificate, host and local, and changes nothing without --yes', async () => {
		const before = await onEveryHost(lab, 'sha256sum /etc/etcd/*');
		const r = await runCli(['rekey', clusterFile]);
		expect(r.code, r.stderr).toBe(64);
		expect(r.stderr).toContain('pass --yes');
		for (const h of lab.hosts) {
			for (const file of ['ca.crt', 'server.crt', 'peer.crt']) {
				expect(r.stderr).toMatch(new RegExp(`^${h.name}\\s+/etc/etcd/${file}\\s.*\\ssame$`, 'm'));
			}
			expect(r.stderr).toContain(`${h.clusterAddress},127.0.0.1,${h.name},localhost`);
		}
		expect(r.stderr).toMatch(/^local\s+pki\/ca\.crt\s+CN=lab etcd CA/m);
		expect(r.stderr).toMatch(/^local\s+pki\/admin\.crt\s+CN=admin/m);
		expect(await onEveryHost(lab, 'sha256sum /etc/etcd/*')).toEqual(before);
	});

	it('renews every member certificate with no restart and no failed write', async () => {
		const pids = await mainPids(lab);
		const before = await presentedAll(lab);
		const adminBefore = await localCert('admin.crt');
		const r = await whileWriting(lab, '/e2e/renew/', 'renewal of 3 members', [
			'rekey',
			clusterFile,
			'--yes',
			'--json',
		]);
		expect(r.code, r.stderr).toBe(0);
		expect(await mainPids(lab)).toEqual(pids);

		const after = await presentedAll(lab);
		const ca = await localCert('ca.crt');
		after.forEach((cert, i) => {
			expect(cert.serialNumber, `certificate #${i}`).not.toBe(before[i]?.serialNumber);
			expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
		});
		const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
		expect(result).toMatchObject({ type: 'result', mode: 'renew', restarted: [] });
		expect(result.health.cluster.healthy).toBe(true);
		for (const [i, h] of lab.hosts.entries()) {
			const server = await localCert(`members/${h.name}/server.crt`);
			const peer = await localCert(`members/${h.name}/peer.crt`);
			expect(after[2 * i]?.serialNumber).toBe(server.serialNumber);
			expect(after[2 * i + 1]?.serialNumber).toBe(peer.serialNumber);
			expect(result.members[i].serverSerial).toBe(server.serialNumber.toLowerCase());
		}
		// One member at a time, each checked before the next one is touched.
		const order = jsonSteps(r.stdout, /^(files|serving|healthy)$/);
		expect(order.filter((s) => s.endsWith('done'))).toEqual(
			lab.hosts.flatMap((h) => ['files', 'serving', 'healthy'].map((s) => `${h.name} ${s} done`)),
		);
		expect(await onEveryHost(lab, 'ls -a /etc/etcd')).not.toContain('backup-');
		const plan = await runCli(['plan', clusterFile]);
		expect(plan.stdout).toContain('nothing to change');
		// Every member renewed: the admin certificate too (same CA, key 0600), and it works.
		const admin = await localCert('admin.crt');
		expect(admin.serialNumber).not.toBe(adminBefore.serialNumber);
		expect(result.adminSerial).toBe(admin.serialNumber.toLowerCase());
		expect(admin.checkIssued(ca)).toBe(true);
		expect((await stat(join(pki, 'admin.key'))).mode & 0o777).toBe(0o600);
		const health = await runCli(['health', clusterFile, '--json']);
		expect(health.code, health.stderr).toBe(0);
	});

	it('rolls a member back when it cannot start with the new CA file, and stays on the old CA', async () => {
		// etcd2 refuses to start while its CA file holds more than one certificate (the bundle of
		// the rotation's first phase): the member cannot come back, the previous file can.
		await root(
			lab,
			1,
			[
				'mkdir -p /etc/systemd/system/etcd.service.d',
				"cat > /etc/systemd/system/etcd.service.d/e2e-refuse-bundle.conf <<'EOF'",
				'[Service]',
				"ExecStartPre=/bin/sh -c 'test $(grep -c BEGIN /etc/etcd/ca.crt) -le 1'",
				'EOF',
				'systemctl daemon-reload',
			].join('\n'),
		);
		// The leader restarts last: with etcd3 leading, etcd1 goes first, then etcd2.
		await moveLeaderTo(lab, 'etcd3');
		const localBefore = await Promise.all(
			['ca.crt', 'ca.key', 'admin.crt'].map((f) => readFile(join(pki, f), 'utf8')),
		);
		const servedBefore = (await presentedAll(lab)).map((c) => c.serialNumber);
		const r = await whileWriting(lab, '/e2e/rollback/', 'stopped CA rotation', [
			'rekey',
			clusterFile,
			'--ca',
			'--yes',
		]);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(
			'rekey --ca stopped at etcd2, which was to trust the old and the new CA',
		);
		expect(r.stderr).toMatch(
			/etcd2: previous files put back from \/etc\/etcd\/backup-\d{8}T\d{6}Z\/1-trust-both and etcd restarted/,
		);
		expect(r.stderr).toContain('the cluster is healthy again');
		expect(r.stderr).toContain('the new CA was discarded');
		expect(steps(r.stderr, /^restart$/).slice(0, 4)).toEqual([
			'etcd1 restart started',
			'etcd1 restart done',
			'etcd2 restart started',
			'etcd2 restart FAILED',
		]);
		// etcd3 was never touched.
		expect(
			steps(r.stderr, /./).filter((s) => s.startsWith('etcd3') && !/facts|connect/.test(s)),
		).toEqual([]);

		const localAfter = await Promise.all(
			['ca.crt', 'ca.key', 'admin.crt'].map((f) => readFile(join(pki, f), 'utf8')),
		);
		expect(localAfter).toEqual(localBefore);
		expect(await readdir(pki)).not.toContain('ca.prev.crt');
		expect(await root(lab, 1, 'cat /etc/etcd/ca.crt')).toBe(localBefore[0]);
		expect((await presentedAll(lab)).map((c) => c.serialNumber)).toEqual(servedBefore);
		const health = await runCli(['health', clusterFile, '--json']);
		expect(health.code, health.stderr).toBe(0);
		// The backups stay until a run succeeds; the operator removes them once done with them.
		expect(await root(lab, 1, 'ls /etc/etcd/backup-*/')).toContain('1-trust-both');
		await onEveryHost(lab, 'rm -rf /etc/etcd/backup-*');

		await root(lab, 1, 'rm -rf /etc/systemd/system/etcd.service.d && systemctl daemon-reload');
		const apply = await runCli(['apply', clusterFile, '--yes']);
		expect(apply.code, apply.stderr).toBe(0);
		expect(apply.stderr).toContain('restarted one at a time: etcd1');
		expect((await runCli(['plan', clusterFile])).stdout).toContain('nothing to change');
	});

	it('stops on Ctrl-C in phase 1 once the member restarting is back, on the old CA', async () => {
		// The leader restarts last: with etcd3 leading, etcd1 goes first.
		await moveLeaderTo(lab, 'etcd3');
		const localBefore = await Promise.all(
			['ca.crt', 'ca.key', 'admin.crt'].map((f) => readFile(join(pki, f), 'utf8')),
		);
		const pids = await mainPids(lab);
		const writer = startWriter(lab, '/e2e/interrupt/');
		const child = spawnCli(['rekey', clusterFile, '--ca', '--yes']);
		let stderr = '';
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		await new Promise<void>((resolve, reject) => {
			child.stderr.on('data', (chunk: Buffer) => {
				stderr += chunk.toString();
				if (/^etcd1\s+restart\s+started/m.test(stderr)) resolve();
			});
			child.on('exit', () => reject(new Error(`rekey ended before the first restart: ${stderr}`)));
		});
		child.kill('SIGINT');
		const code = await exited;
		const [ok, failed, errors] = await writer.stop();
		expect(code, stderr).toBe(130);
		expect(failed, errors).toBe(0);
		expect(await readsAll(lab, '/e2e/interrupt/', ok)).toBe(true);

		// etcd1 finished its restart (and the cluster was healthy) before the run stopped.
		expect(steps(stderr, /^(restart|healthy)$/)).toEqual([
			'etcd1 restart started',
			'etcd1 restart done',
			'etcd1 healthy started',
			'etcd1 healthy done',
		]);
		expect(stderr).toContain(
			'warn rekey --ca stopped (Ctrl-C) in phase 1 of 3 (trust the old and the new CA); no member was left down or half-changed',
		);
		expect(stderr).toContain('etcd1: trust the old and the new CA (restarted, healthy)');
		expect(stderr).toContain('etcd2, etcd3: unchanged, trust the old CA');
		expect(stderr).toContain('is unchanged (the old CA); the new CA was discarded');
		expect(stderr).toMatch(/backups stay on the hosts in \/etc\/etcd\/backup-\d{8}T\d{6}Z/);
		expect(stderr).toContain('next: run `etcd-wizard rekey <cluster.yaml> --ca` again');

		const after = await mainPids(lab);
		expect(after[0]).not.toBe(pids[0]);
		expect(after.slice(1)).toEqual(pids.slice(1));
		expect((await root(lab, 0, 'grep -c BEGIN /etc/etcd/ca.crt')).trim()).toBe('2');
		expect(await root(lab, 2, 'cat /etc/etcd/ca.crt')).toBe(localBefore[0]);
		const localAfter = await Promise.all(
			['ca.crt', 'ca.key', 'admin.crt'].map((f) => readFile(join(pki, f), 'utf8')),
		);
		expect(localAfter).toEqual(localBefore);
		expect(await readdir(pki)).not.toContain('ca.prev.crt');
		// Healthy on the old CA, checked with the old admin certificate.
		const health = await runCli(['health', clusterFile, '--json']);
		expect(health.code, health.stderr).toBe(0);
		expect(await root(lab, 0, 'ls /etc/etcd/backup-*/')).toContain('1-trust-both');
		await onEveryHost(lab, 'rm -rf /etc/etcd/backup-*');
	});

	// Runs after the Ctrl-C above: etcd1 still trusts the discarded new CA too.
	it('rotates the CA: new certificates everywhere, old admin refused, no write lost or failed', async () => {
		const saved = join(dirname(clusterFile), 'pki-before-rotation');
		await cp(pki, saved, { recursive: true });
		const oldCa = await localCert('ca.crt');
		const pids = await mainPids(lab);
		const r = await whileWriting(lab, '/e2e/rotate/', 'CA rotation of 3 members', [
			'rekey',
			clusterFile,
			'--ca',
			'--yes',
		]);
		expect(r.code, r.stderr).toBe(0);

		const newCa = await localCert('ca.crt');
		expect(newCa.fingerprint256).not.toBe(oldCa.fingerprint256);
		for (const cert of await presentedAll(lab)) {
			expect(cert.checkIssued(newCa) && cert.verify(newCa.publicKey)).toBe(true);
		}
		expect(await readdir(pki)).not.toContain('ca.prev.crt');
		const newCaPem = await readFile(join(pki, 'ca.crt'), 'utf8');
		expect(await onEveryHost(lab, 'cat /etc/etcd/ca.crt')).toEqual(lab.hosts.map(() => newCaPem));
		// Each member restarted twice, one at a time, each after the cluster was healthy.
		const after = await mainPids(lab);
		for (const [i, pid] of after.entries()) expect(pid).not.toBe(pids[i]);
		const restarts = steps(r.stderr, /^(restart|healthy)$/);
		expect(restarts.filter((s) => s.endsWith('restart started'))).toHaveLength(6);
		restarts.forEach((s, i) => {
			if (s.endsWith('restart started')) expect(restarts[i + 1]).toMatch(/restart done$/);
			if (s.endsWith('restart done')) expect(restarts[i + 2]).toMatch(/healthy done$/);
		});

		// The old admin certificate is refused; the new one is accepted.
		const [first] = lab.hosts;
		if (!first) throw new Error('no host');
		const curl = (dir: string, ca: string) =>
			inHostNamespace(first, [
				'sh',
				'-c',
				`curl -sS --max-time 5 --cacert ${ca} --cert ${dir}/admin.crt --key ${dir}/admin.key https://${lab.hosts[1]?.clusterAddress}:2379/health 2>&1 || true`,
			]);
		expect(await curl(saved, join(pki, 'ca.crt'))).not.toContain('"health":"true"');
		expect(await curl(pki, join(pki, 'ca.crt'))).toContain('"health":"true"');
		expect(await onEveryHost(lab, 'ls -a /etc/etcd')).not.toContain('backup-');
		const health = await runCli(['health', clusterFile]);
		expect(health.code, health.stderr).toBe(0);
		expect((await runCli(['plan', clusterFile])).stdout).toContain('nothing to change');
	});
});
