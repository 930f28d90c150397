import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliResult, runCli, writeLabCluster } from '../support/cli.js';
import {
	inHostNamespace,
	type Lab,
	type LabHost,
	labDown,
	labUp,
	requireRoot,
} from '../support/lab.js';
import { asRoot } from '../support/raw-ssh.js';
import { startTmux, type TmuxSession } from '../support/tmux.js';

// This file's own lab: other e2e files (and other people's labs) use other names and subnets.
process.env.LAB_PREFIX ??= 'ewh';
process.env.LAB_MGMT_NET ??= '10.81.0';
process.env.LAB_CLUSTER_NET ??= '10.92.0';

interface Finding {
	severity: string;
	host: string | null;
	summary: string;
	evidence: string[];
	next: string;
}

const onHost = asRoot;

/** Retries `attempt` until it returns a value, or fails with the last thing seen. */
async function until<T>(
	what: string,
	attempt: () => Promise<{ value?: T; seen: string }>,
	deadlineMs: number,
): Promise<T> {
	const end = Date.now() + deadlineMs;
	let seen = '';
	for (;;) {
		const result = await attempt();
		if (result.value !== undefined) return result.value;
		seen = result.seen;
		if (Date.now() > end)
			throw new Error(`${what} not seen within ${deadlineMs} ms; last:\n${seen}`);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

function diagnosisOf(r: CliResult): Finding[] {
	try {
		return (JSON.parse(r.stdout) as { diagnosis: Finding[] }).diagnosis;
	} catch {
		throw new Error(`health --json exited ${r.code} without a report: ${r.stderr}`);
	}
}

describe('health: diagnosis and the live view on three lab hosts', () => {
	let lab: Lab;
	let clusterFile: string;
	let etcd2: LabHost;
	let etcd3: LabHost;
	let term: TmuxSession | undefined;

	beforeAll(async () => {
		requireRoot();
		lab = await labUp(3);
		[, etcd2, etcd3] = lab.hosts as [LabHost, LabHost, LabHost];
		clusterFile = await writeLabCluster(lab);
		const apply = await runCli(['apply', clusterFile, '--yes', '--accept-new-host-keys']);
		if (apply.code !== 0) throw new Error(`apply failed: ${apply.stderr}`);
	});

	afterAll(async () => {
		await term?.kill();
		await labDown();
	});

	it('says a healthy cluster is healthy: exit 0, nothing wrong found', async () => {
		const started = Date.now();
		const json = await runCli(['health', clusterFile, '--json']);
		console.log(`health --json with diagnosis, 3 members: ${Date.now() - started} ms`);
		expect(json.code, json.stderr).toBe(0);
		const report = JSON.parse(json.stdout);
		expect(Object.keys(report)).toEqual(['cluster', 'members', 'diagnosis']);
		expect(report.cluster).toMatchObject({ healthy: true, quorum: true, members: 3 });
		expect(report.diagnosis).toEqual([]);
		const text = await runCli(['health', clusterFile]);
		expect(text.code).toBe(0);
		expect(text.stdout).toMatch(/\ndiagnosis: nothing wrong found\n$/);
	});

	it('names a stopped member with its unit state (exit 1), then says no quorum plainly (exit 2)', async () => {
		try {
			await onHost(lab, etcd3, 'systemctl stop etcd');
			const one = await runCli(['health', clusterFile]);
			expect(one.code, one.stdout).toBe(1);
			expect(one.stdout).toContain(
				'ERROR etcd3: etcd is not running (unit etcd.service inactive/dead)',
			);
			expect(one.stdout).toContain('next: start it on etcd3: sudo systemctl start etcd');
			const json = await runCli(['health', clusterFile, '--json']);
			expect(json.code).toBe(1);
			expect(diagnosisOf(json).map((f) => f.host)).toEqual(['etcd3']);

			await onHost(lab, etcd2, 'systemctl stop etcd');
			const none = await runCli(['health', clusterFile]);
			expect(none.code, none.stdout).toBe(2);
			// The last member loses its leader too: nobody is healthy.
			expect(none.stdout).toMatch(
				/^ERROR no quorum: [01] of 3 members are healthy and etcd needs 2; the cluster accepts no writes until [12] more (is|are) back$/m,
			);
			for (const name of ['etcd2', 'etcd3'])
				expect(none.stdout).toContain(
					`ERROR ${name}: etcd is not running (unit etcd.service inactive/dead)`,
				);
		} finally {
			await Promise.all([etcd2, etcd3].map((h) => onHost(lab, h, 'systemctl start etcd')));
		}
		await until(
			'healthy again',
			async () => {
				const r = await runCli(['health', clusterFile]);
				return r.code === 0 ? { value: r, seen: r.stdout } : { seen: r.stdout };
			},
			60_000,
		);
	});

	it('names the member whose peer port is blocked, and the port', async () => {
		const nft = (...words: string[]) =>
			inHostNamespace(etcd3, [
				'chroot',
				join(lab.state, 'hosts', etcd3.name, 'root'),
				'nft',
				...words,
			]);
		await nft('add', 'table', 'inet', 'ewh-health');
		await nft(
			'add',
			'chain',
			'inet',
			'ewh-health',
			'input',
			'{ type filter hook input priority 0; }',
		);
		await nft('add', 'rule', 'inet', 'ewh-health', 'input', 'tcp', 'dport', '2380', 'drop');
		try {
			const finding = await until(
				'peer trouble naming etcd3',
				async () => {
					const r = await runCli(['health', clusterFile, '--json']);
					const found = diagnosisOf(r).find((f) =>
						f.summary.includes(`at ${etcd3.clusterAddress}:2380 (peer port 2380)`),
					);
					return found ? { value: found, seen: r.stdout } : { seen: r.stdout };
				},
				90_000,
			);
			expect(finding.host).toBe('etcd3');
			expect(finding.summary).toMatch(/^etcd3: etcd\d( and etcd\d)? cannot reach it at /);
			expect(finding.next).toContain('open TCP 2380 on etcd3');
		} finally {
			await nft('delete', 'table', 'inet', 'ewh-health');
		}
	});

	it('is healthy again after every member restarts', async () => {
		await Promise.all(lab.hosts.map((h) => onHost(lab, h, 'systemctl restart etcd')));
		const back = await until(
			'exit 0 after the restart',
			async () => {
				const r = await runCli(['health', clusterFile, '--json']);
				return r.code === 0 ? { value: r, seen: r.stdout } : { seen: r.stdout };
			},
			60_000,
		);
		const report = JSON.parse(back.stdout);
		expect(report.cluster).toMatchObject({ healthy: true, quorum: true });
		expect(
			report.diagnosis.filter((f: Finding) => /not running|no quorum/.test(f.summary)),
		).toEqual([]);
	});

	it('shows the live view in a terminal: table, refresh, details open and close, q quits', async () => {
		// A person's terminal: CI unset (under CI, Ink draws only the last frame).
		const t = await startTmux(
			`${process.env.LAB_PREFIX}-health`,
			['env', '-u', 'CI', 'NO_COLOR=1', process.execPath, CLI, 'health', clusterFile, '--watch'],
			{ width: 80, height: 24 },
		);
		term = t;
		const first = await t.waitFor('pass 1;');
		expect(first).toMatch(/cluster lab: healthy, quorum 3\/3, leader etcd\d, cluster id [0-9a-f]+/);
		expect(first).toMatch(/^ {2}NAME +ENDPOINT .*HEALTH +LATENCY$/m);
		for (const h of lab.hosts)
			expect(first).toMatch(new RegExp(`^[> ] ${h.name} .* healthy `, 'm'));
		await t.waitFor('pass 2;');
		await t.keys('Down', 'Enter');
		const open = await t.waitFor('unit: active/running');
		expect(open).toMatch(/^etcd2 {2}id [0-9a-f]+ {2}healthy/m);
		expect(open).toMatch(/free under \/var\/lib\/etcd: .* clock vs here: [+-]\d+ ms/);
		expect(open).toMatch(/certs: ca\.crt \d+d, peer\.crt \d+d, server\.crt \d+d/);
		// In the order etcd lists them (by member id), the leader starred.
		const sees = /members it sees: (.*)$/m.exec(open)?.[1]?.trim().split(' ') ?? [];
		expect(sees.map((m) => m.replace('*', '')).sort()).toEqual(['etcd1', 'etcd2', 'etcd3']);
		expect(sees.filter((m) => m.endsWith('*'))).toHaveLength(1);
		expect(open).toMatch(/journal \(last \d+ lines\):/);
		await t.keys('Escape');
		const closed = await t.waitFor('↑↓ select · enter details');
		expect(closed).not.toContain('unit: active/running');
		await t.keys('q');
		await t.waitFor(/\[exited \d+\]/);
		expect(await t.exitStatus()).toBe(0);
	});
});
