import { applyDefaults } from '../../../source/cluster/defaults.js';
import type { ClusterSpec } from '../../../source/cluster/types.js';
import { evaluateChecks } from '../../../source/preflight/index.js';
import type {
	CheckReport,
	HostMeasurements,
	PortListener,
} from '../../../source/preflight/types.js';
import type { FileFacts, HostFacts, UnitFacts } from '../../../source/shell/facts.js';
import type { ConnectResult } from '../../../source/shell/probe-results.js';

export const NAMES = ['etcd1', 'etcd2', 'etcd3'] as const;

/** A three-host cluster on wg0 with etcd's default ports. */
export function spec(settings: Record<string, number> = {}): ClusterSpec {
	return applyDefaults({
		name: 'homelab',
		etcd: { settings: { 'heartbeat-interval': 100, 'election-timeout': 1000, ...settings } },
		hosts: NAMES.map((name, i) => ({ name, address: `10.77.0.1${i + 1}` })),
	});
}

export const ip = (name: string) => `10.88.0.1${name.slice(-1)}`;

/** A fresh Debian host: wg0 up, nothing listening, plenty of memory and disk. */
export function host(name: string, extra: Partial<HostFacts> = {}): HostFacts {
	return {
		arch: 'x86_64',
		os: 'Debian GNU/Linux 12 (bookworm)',
		kernel: '6.1.0',
		hostname: name,
		systemd: true,
		interfaces: [
			{ name: 'eth0', ipv4: [{ address: `10.77.0.1${name.slice(-1)}`, prefixLength: 24 }] },
			{ name: 'wg0', ipv4: [{ address: ip(name), prefixLength: 24 }] },
		],
		dirs: new Map(),
		files: new Map(),
		etcdctlPresent: false,
		hasData: false,
		listening: [{ port: 22, address: '0.0.0.0', process: 'sshd' }],
		clock: 0,
		memTotalKiB: 8 * 1024 * 1024,
		dataFreeKiB: 50 * 1024 * 1024,
		...extra,
	};
}

export function facts(
	overrides: Partial<Record<string, Partial<HostFacts>>> = {},
): Map<string, HostFacts> {
	return new Map(NAMES.map((n) => [n, host(n, overrides[n])]));
}

const listened: PortListener = { kind: 'listened', tool: 'perl' };

/** What the probes measure on a healthy LAN: every connection made, 0.05 ms round trips. */
export function measured(name: string, extra: Partial<HostMeasurements> = {}): HostMeasurements {
	const others = NAMES.filter((n) => n !== name);
	return {
		clock: { offsetMs: 12, uncertaintyMs: 3 },
		disk: { path: '/var/lib', writeLatencyMs: 0.4 },
		firewalls: [],
		pings: others.map((to) => ({ to, avgMs: 0.05, maxMs: 0.08, lossPercent: 0 })),
		listeners: new Map([
			[2380, listened],
			[2379, listened],
		]),
		connects: others.flatMap((to) =>
			[2380, 2379].map((port) => ({ from: name, to, port, outcome: 'ok' as const })),
		),
		...extra,
	};
}

export function measurements(
	overrides: Partial<Record<string, Partial<HostMeasurements>>> = {},
): Map<string, HostMeasurements> {
	return new Map(NAMES.map((n) => [n, measured(n, overrides[n])]));
}

/** etcd1's connections with `port` to etcd3 answered as `outcome`. */
export function blocked(outcome: ConnectResult['outcome'], port = 2380): Partial<HostMeasurements> {
	const base = measured('etcd1').connects ?? [];
	return {
		connects: base.map((c) => (c.to === 'etcd3' && c.port === port ? { ...c, outcome } : c)),
	};
}

/** How the hosts differ from the healthy ones above, by host name, and the cluster's token. */
export interface Changes {
	readonly facts?: Partial<Record<string, Partial<HostFacts>>>;
	readonly measured?: Partial<Record<string, Partial<HostMeasurements>>>;
	readonly token?: string;
}

/** The checks of `spec()` over the three hosts, healthy but for `changes`. */
export function evaluate(changes: Changes = {}): CheckReport {
	return evaluateChecks({
		spec: spec(),
		facts: facts(changes.facts),
		measurements: measurements(changes.measured),
		token: changes.token,
	});
}

/** An etcd unit that runs and starts at boot. */
export const ACTIVE_UNIT: UnitFacts = {
	activeState: 'active',
	subState: 'running',
	mainPid: 42,
	unitFileState: 'enabled',
	restarts: 0,
};

/** The etcd config file a cluster with `token` wrote. */
export function configFiles(token: string): Map<string, FileFacts> {
	const content = `initial-cluster-token: ${token}\n`;
	return new Map([
		[
			'/etc/etcd/etcd.conf.yml',
			{ mode: '640', owner: 'root', group: 'etcd', sha256: 'x', content },
		],
	]);
}
