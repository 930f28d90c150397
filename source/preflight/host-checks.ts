import type { ClusterSpec } from '../cluster/types.js';
import type { HostFacts } from '../shell/facts.js';
import { releaseArch } from '../shell/facts.js';
import type { DiskProbe } from '../shell/probe-results.js';
import { memberPorts, portHolder } from './ports.js';
import { finding, listing, ms, pass } from './result.js';
import type { CheckResult, HostMeasurements } from './types.js';

const GIB_KIB = 1024 * 1024;

/** etcd's hardware guide: 2 GB of memory for small clusters, 8 GB for typical ones. */
const MEMORY_WARN_KIB = 2 * GIB_KIB;
/** Below this the data dir cannot hold a snapshot and WAL of a small database. */
const SPACE_FAIL_KIB = GIB_KIB;
/** etcd's default backend quota (quota-backend-bytes). */
const DEFAULT_QUOTA_BYTES = 2 * 1024 ** 3;
/** etcd wants WAL fsyncs well under 10 ms (p99); an average synchronous write above this is not. */
const DISK_WARN_MS = 5;
/** etcd reports clock drift between members above one second. */
const CLOCK_WARN_MS = 1000;
/** Certificates are made valid from an hour before now; a clock further behind rejects them. */
const CLOCK_FAIL_MS = 3_600_000;

/** SSH and sudo answered: the host's facts were gathered as root. */
export function sshCheck(spec: ClusterSpec, host: string, address: string): CheckResult {
	const how = spec.ssh.user === 'root' ? 'as root' : `as ${spec.ssh.user} with sudo`;
	return pass('ssh', host, `${host} answers on ${address}:${spec.ssh.port} ${how}`);
}

/** Linux with systemd on a supported architecture (the planner's refusals say otherwise). */
export function systemPass(host: string, facts: HostFacts): CheckResult {
	return pass(
		'system',
		host,
		`${facts.os}, ${facts.arch} (etcd ${releaseArch(facts.arch)} release), systemd, kernel ${facts.kernel}`,
	);
}

/** The interface and its address, when the planner found no trouble with them. */
export function interfacePass(spec: ClusterSpec, host: string, facts: HostFacts): CheckResult {
	const iface = facts.interfaces.find((i) => i.name === spec.etcd.interface);
	const address = iface?.ipv4[0];
	const cidr = address ? `${address.address}/${address.prefixLength}` : 'no IPv4';
	return pass('interface', host, `${spec.etcd.interface} ${cidr}`);
}

/** The members' addresses on the interface: distinct, and in one subnet. */
export function addressChecks(
	spec: ClusterSpec,
	addresses: readonly {
		readonly name: string;
		readonly address: string;
		readonly prefixLength: number;
	}[],
): CheckResult[] {
	if (addresses.length < 2) return [];
	const rows: CheckResult[] = [];
	for (const address of new Set(addresses.map((a) => a.address))) {
		const names = addresses.filter((a) => a.address === address).map((a) => a.name);
		if (names.length < 2) continue;
		rows.push(
			finding(
				'fail',
				'addresses',
				names.join(', '),
				`${listing(names)} all have ${address} on ${spec.etcd.interface}`,
				`give each host its own address on ${spec.etcd.interface}; etcd members are told apart by it`,
			),
		);
	}
	const subnets = new Set(addresses.map((a) => subnetOf(a.address, a.prefixLength)));
	if (subnets.size > 1) {
		const list = addresses.map((a) => `${a.name} ${a.address}/${a.prefixLength}`).join(', ');
		rows.push(
			finding(
				'warn',
				'addresses',
				null,
				`the members' ${spec.etcd.interface} addresses are not in one subnet (${list})`,
				'members then reach each other only through routes: the reachability check shows whether they do; a WireGuard mesh usually puts every member in one subnet',
			),
		);
	}
	if (rows.length === 0) {
		rows.push(
			pass(
				'addresses',
				null,
				`${addresses.length} distinct addresses in ${[...subnets][0]} on ${spec.etcd.interface}`,
			),
		);
	}
	return rows;
}

function subnetOf(address: string, prefixLength: number): string {
	const value = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
	const size = 2 ** (32 - Math.min(32, Math.max(0, prefixLength)));
	const network = Math.floor(value / size) * size;
	const octets = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
	return `${octets.join('.')}/${prefixLength}`;
}

/** The peer and client ports: free, or held by this cluster's own etcd. */
export function portChecks(
	spec: ClusterSpec,
	host: string,
	facts: HostFacts,
	token: string | undefined,
): CheckResult[] {
	const rows: CheckResult[] = [];
	const notes: string[] = [];
	for (const port of memberPorts(spec)) {
		const holder = portHolder(spec, host, facts, port, token);
		if (holder.kind === 'free') notes.push(`${port.role} port ${port.port} is free`);
		else if (holder.kind === 'own-etcd')
			notes.push(`${port.role} port ${port.port} is this cluster's etcd`);
		else {
			const key = port.role === 'peer' ? 'etcd.peerPort' : 'etcd.clientPort';
			rows.push(
				finding(
					'fail',
					'ports',
					host,
					`${host}: ${port.role} port ${port.port} is taken by ${holder.process} (listening on ${holder.address}:${port.port})`,
					`stop ${holder.process} on ${host} or move it to another port, or set ${key} in the cluster file to a port free on every host`,
					{ port: port.port },
				),
			);
		}
	}
	if (rows.length === 0) rows.push(pass('ports', host, notes.join(', ')));
	return rows;
}

/** Synchronous write latency where etcd keeps its WAL. */
export function diskCheck(host: string, disk: DiskProbe): CheckResult {
	if ('error' in disk) {
		const fatal = /read-only|no space/i.test(disk.error);
		return finding(
			fatal ? 'fail' : 'warn',
			'disk',
			host,
			`${host}: the write probe in ${disk.path} failed: ${disk.error}`,
			fatal
				? `etcd must write its data dir: make ${disk.path} writable with free space on ${host}`
				: `run check again; if it repeats, try dd if=/dev/zero of=${disk.path}/probe bs=8k count=200 oflag=dsync on ${host}`,
		);
	}
	const figure = `a synchronous 8 KiB write takes ${ms(disk.writeLatencyMs)} on average in ${disk.path}`;
	if (disk.writeLatencyMs > DISK_WARN_MS) {
		return finding(
			'warn',
			'disk',
			host,
			`${host}: ${figure}; etcd wants its WAL fsyncs well under 10 ms`,
			'put etcd.dataDir on an SSD: SD cards, USB sticks and network disks make etcd slow and lose leaders',
		);
	}
	return pass('disk', host, figure);
}

/** Free space under the data dir against etcd's backend quota. */
export function spaceCheck(spec: ClusterSpec, host: string, freeKiB: number): CheckResult {
	const quota = Number(spec.etcd.settings['quota-backend-bytes']) || DEFAULT_QUOTA_BYTES;
	const wantKiB = (2 * quota) / 1024;
	const free = `${(freeKiB / GIB_KIB).toFixed(1)} GiB free under ${spec.etcd.dataDir}`;
	if (freeKiB < SPACE_FAIL_KIB) {
		return finding(
			'fail',
			'space',
			host,
			`${host}: only ${free}`,
			`free space on ${host} or set etcd.dataDir to a bigger disk (etcd needs room for its database, WAL and snapshots)`,
		);
	}
	if (freeKiB < wantKiB) {
		return finding(
			'warn',
			'space',
			host,
			`${host}: ${free}, less than twice the backend quota (${(quota / 1024 ** 3).toFixed(1)} GiB)`,
			`a database at its quota also needs room for snapshots and defragmentation: free space on ${host}`,
		);
	}
	return pass('space', host, free);
}

/** The host's clock against this machine's. */
export function clockCheck(
	host: string,
	clock: NonNullable<HostMeasurements['clock']>,
): CheckResult {
	const sign = clock.offsetMs >= 0 ? '+' : '-';
	const figure = `${host}'s clock is ${sign}${ms(Math.abs(clock.offsetMs))} (within ${ms(clock.uncertaintyMs)}) from this machine's`;
	const sync = `run a time sync service on ${host} (systemd-timesyncd or chrony) and on this machine`;
	if (clock.offsetMs < -CLOCK_FAIL_MS) {
		return finding(
			'fail',
			'clock',
			host,
			`${figure}: certificates made here would not be valid there yet`,
			sync,
		);
	}
	if (Math.abs(clock.offsetMs) > CLOCK_WARN_MS + clock.uncertaintyMs) {
		return finding(
			'warn',
			'clock',
			host,
			`${figure}: more than a second; etcd warns about drift between members`,
			sync,
		);
	}
	return pass('clock', host, figure);
}

/** Memory against etcd's hardware guide. */
export function memoryCheck(host: string, memTotalKiB: number): CheckResult {
	const figure = `${(memTotalKiB / GIB_KIB).toFixed(1)} GiB of memory`;
	if (memTotalKiB < MEMORY_WARN_KIB) {
		return finding(
			'warn',
			'memory',
			host,
			`${host} has ${figure}; etcd's hardware guide asks for at least 2 GB`,
			`give ${host} more memory, or keep the database small (etcd keeps it in memory)`,
		);
	}
	return pass('memory', host, figure);
}
