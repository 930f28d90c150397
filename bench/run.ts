/**
 * `npm run bench`: medians on the lab's real hosts (root needed). Figures, not pass/fail:
 * targets are printed beside each figure. Runs the built engine in this process, so peak RSS
 * is the engine's own (every run included). The wizard's start-up figures come first, before
 * the lab loads the machine; `npm run bench -- startup` measures only those (no lab, no root).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusterFile } from '../source/cluster/index.js';
import { checkCommand } from '../source/commands/check.js';
import { healthCommand } from '../source/commands/health.js';
import { ensurePki } from '../source/pki/index.js';
import { closeAll } from '../source/reach/connect.js';
import { prepareRekey, rekeyCluster } from '../source/rekey/index.js';
import { applyCluster } from '../source/run/apply.js';
import { writeLabCluster } from '../test/support/cli.js';
import { type Lab, labDown, labUp } from '../test/support/lab.js';
import { type Row, startupRows } from './startup.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const quiet = () => {};

async function timed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** CPU time, in ms, used so far by the lab's hosts together (undefined without accounting). */
async function hostsCpuMs(lab: Lab): Promise<number | undefined> {
	let total = 0;
	for (const host of lab.hosts) {
		if (!host.cpuUsageFile) return undefined;
		total += Number(await readFile(host.cpuUsageFile, 'utf8')) / 1e6;
	}
	return total;
}

/** This process's CPU time in ms (every thread: the keys generate on libuv's pool). */
function ownCpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

interface FreshApply {
	readonly ms: number;
	/** CPU ms used by all hosts during the apply, and by etcd-wizard itself. */
	readonly hostsCpu: number | undefined;
	readonly ownCpu: number;
	readonly lab: Lab;
	readonly file: string;
}

async function freshApply(hosts: number): Promise<FreshApply> {
	const lab = await labUp(hosts);
	const file = await writeLabCluster(lab);
	const loaded = await loadClusterFile(file);
	const hostsBefore = await hostsCpuMs(lab);
	const ownBefore = ownCpuMs();
	const ms = await timed(() =>
		applyCluster(loaded.spec, loaded.path, { acceptNewHostKeys: true, emit: quiet }),
	);
	const ownCpu = ownCpuMs() - ownBefore;
	const hostsAfter = await hostsCpuMs(lab);
	const hostsCpu =
		hostsBefore === undefined || hostsAfter === undefined ? undefined : hostsAfter - hostsBefore;
	return { ms, hostsCpu, ownCpu, lab, file };
}

/** "hosts 3300 ms (1100 each) + etcd-wizard 1200 ms = 4500 ms of CPU", medians. */
function cpuLine(runs: readonly FreshApply[], hosts: number): string {
	const own = median(runs.map((r) => r.ownCpu));
	const counted = runs.flatMap((r) => (r.hostsCpu === undefined ? [] : [r.hostsCpu]));
	if (counted.length === 0) return `etcd-wizard ${own.toFixed(0)} ms of CPU (hosts not counted)`;
	const lab = median(counted);
	return `hosts ${lab.toFixed(0)} ms (${(lab / hosts).toFixed(0)} each) + etcd-wizard ${own.toFixed(0)} ms = ${(lab + own).toFixed(0)} ms of CPU`;
}

function printRows(rows: readonly Row[]): void {
	for (const [what, ms, target] of rows)
		console.log(`${what.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   target ${target}`);
}

async function main(): Promise<void> {
	if (process.argv.slice(2).includes('startup')) {
		const rows = await startupRows(RUNS);
		console.log(`medians of ${RUNS} runs (${new Date().toISOString()})`);
		printRows(rows);
		return;
	}
	if (process.getuid?.() !== 0) throw new Error('the bench drives lab hosts and needs root');
	const startup = await startupRows(RUNS);
	const rows: Row[] = [];

	const pki: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const dir = await mkdtemp(join(tmpdir(), 'bench-pki-'));
		const members = Array.from({ length: 7 }, (_, n) => ({
			name: `etcd${n + 1}`,
			ip: `10.88.0.${11 + n}`,
		}));
		pki.push(await timed(() => ensurePki(dir, 'bench', members)));
		await rm(dir, { recursive: true });
	}
	rows.push(['PKI for 7 members', median(pki), '<= 2000 ms']);

	const fiveRuns: FreshApply[] = [];
	for (let i = 0; i < RUNS; i++) fiveRuns.push(await freshApply(5));
	const five = fiveRuns.map((r) => r.ms);
	rows.push(['fresh 5-host apply', median(five), '<= 1.3 x fresh 3-host']);

	const threeRuns: FreshApply[] = [];
	const rerun: number[] = [];
	const health: number[] = [];
	const check: number[] = [];
	const renew: number[] = [];
	const rotate: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const run = await freshApply(3);
		threeRuns.push(run);
		const { file } = run;
		const loaded = await loadClusterFile(file);
		rerun.push(
			await timed(() =>
				applyCluster(loaded.spec, loaded.path, { acceptNewHostKeys: false, emit: quiet }),
			),
		);
		const io = { json: true, stdout: quiet, stderr: quiet };
		health.push(
			await timed(() => healthCommand(loaded, { acceptNewHostKeys: false, watch: false }, io)),
		);
		check.push(await timed(() => checkCommand(loaded, { acceptNewHostKeys: false }, io)));
		renew.push(await timed(() => rekey(file, false)));
		rotate.push(await timed(() => rekey(file, true)));
	}
	const three = threeRuns.map((r) => r.ms);
	rows.unshift(['fresh 3-host apply', median(three), '<= 4000 ms']);
	rows.push(['unchanged re-run (3 hosts)', median(rerun), '<= 1000 ms']);
	rows.push(['health (3 members, incl. SSH connect)', median(health), '<= 500 ms']);
	rows.push(['check (3 hosts, every preflight check)', median(check), '<= 10000 ms']);
	rows.push(['rekey: renewal (3 members)', median(renew), '<= 5000 ms']);
	rows.push(['rekey: CA rotation (3 members)', median(rotate), '<= 20000 ms']);
	await labDown();

	const rss = process.resourceUsage().maxRSS / 1024;
	console.log(`medians of ${RUNS} runs on lab hosts (${new Date().toISOString()})`);
	printRows([...startup, ...rows]);
	console.log(`${'peak RSS'.padEnd(44)} ${rss.toFixed(0).padStart(6)} MB   target <= 150 MB`);
	console.log(
		`${'5-host / 3-host'.padEnd(44)} ${(median(five) / median(three)).toFixed(2).padStart(6)}      target <= 1.3`,
	);
	// The lab's hosts share this machine's cores: CPU time, not the network, bounds a fresh apply.
	console.log(`CPU during a fresh apply, ${availableParallelism()} cores shared by every host:`);
	console.log(`  3 hosts: ${cpuLine(threeRuns, 3)}`);
	console.log(`  5 hosts: ${cpuLine(fiveRuns, 5)}`);
}

/** `etcd-wizard rekey [--ca] --yes` through the engine: inventory, then the renewal or rotation. */
async function rekey(file: string, ca: boolean): Promise<void> {
	const loaded = await loadClusterFile(file);
	const prepared = await prepareRekey(loaded.spec, loaded.path, {
		acceptNewHostKeys: false,
		emit: quiet,
		ca,
	});
	try {
		await rekeyCluster(prepared, { ca, emit: quiet });
	} finally {
		closeAll(prepared.connections);
	}
}

main().catch(async (error: unknown) => {
	console.error(`bench: ${(error as Error).message}`);
	await labDown().catch(() => {});
	process.exitCode = 1;
});
