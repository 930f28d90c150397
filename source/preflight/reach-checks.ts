import type { ClusterSpec } from '../cluster/types.js';
import { CONNECT_TIMEOUT_S, LISTENER_TOOLS } from '../shell/listen-script.js';
import type { ConnectResult } from '../shell/probe-results.js';
import { firewallRule } from './firewall.js';
import { memberPorts } from './ports.js';
import { finding, listing, pass } from './result.js';
import type { CheckResult, HostMeasurements, PortListener } from './types.js';

/** A member with its address on the cluster interface. */
export interface Member {
	readonly name: string;
	readonly ip: string;
}

/** The reachability rows, and the members some other member failed to connect to. */
export interface ReachOutcome {
	readonly rows: CheckResult[];
	readonly blocked: ReadonlySet<string>;
}

/**
 * Per target member: one pass row when every other member reached both its ports; otherwise a
 * fail row per pair and port that did not connect, naming both hosts, and a warning per port or
 * pair that could not be tested.
 */
export function reachChecks(
	spec: ClusterSpec,
	members: readonly Member[],
	measurements: ReadonlyMap<string, HostMeasurements>,
): ReachOutcome {
	const rows: CheckResult[] = [];
	const blocked = new Set<string>();
	if (members.length < 2) return { rows, blocked };
	for (const target of members) {
		const targetRows = targetChecks(spec, target, members, measurements);
		if (targetRows.some((row) => row.verdict === 'fail')) blocked.add(target.name);
		rows.push(...targetRows);
	}
	return { rows, blocked };
}

function targetChecks(
	spec: ClusterSpec,
	target: Member,
	members: readonly Member[],
	measurements: ReadonlyMap<string, HostMeasurements>,
): CheckResult[] {
	const measured = measurements.get(target.name);
	const listeners = measured?.listeners;
	if (!listeners) {
		return [
			finding(
				'warn',
				'reach',
				target.name,
				`whether the other members reach ${target.name} was not tested: ${measured?.errors?.listen ?? 'no listener could be started'}`,
				'run check again; if it repeats, look at the SSH connection to the host',
			),
		];
	}
	const rows: CheckResult[] = [];
	const tested = memberPorts(spec).filter((p) => {
		const listener = listeners.get(p.port);
		if (listener?.kind === 'skipped') {
			rows.push(skippedPort(target.name, p.port, p.role, listener));
			return false;
		}
		return listener !== undefined;
	});
	const sources = members.filter((m) => m.name !== target.name);
	for (const source of sources) {
		const connects = measurements.get(source.name)?.connects;
		if (!connects) {
			const why = measurements.get(source.name)?.errors?.connect ?? 'no connection was tried';
			rows.push(
				finding(
					'warn',
					'reach',
					target.name,
					`whether ${source.name} reaches ${target.name} was not tested: ${why}`,
					`install bash on ${source.name} (its /dev/tcp makes the connections), then run check again`,
					{ from: source.name },
				),
			);
			continue;
		}
		for (const { port, role } of tested) {
			const result = connects.find((c) => c.to === target.name && c.port === port);
			if (result?.outcome === 'ok') continue;
			rows.push(failedConnect(spec, source.name, target, port, role, result, measurements));
		}
	}
	if (rows.length > 0 || tested.length === 0) return rows;
	const how = listing(tested.map((p) => `${p.role} port ${p.port}`));
	return [
		pass(
			'reach',
			target.name,
			`${listing(sources.map((s) => s.name))} reach ${target.name} (${target.ip}) on ${how} (${answeredBy(tested.map((p) => listeners.get(p.port)))})`,
		),
	];
}

function answeredBy(listeners: readonly (PortListener | undefined)[]): string {
	const names = new Set(
		listeners.map((l) => (l?.kind === 'listened' ? `a ${l.tool} listener` : "this cluster's etcd")),
	);
	return `answered by ${listing([...names])}`;
}

function skippedPort(
	host: string,
	port: number,
	role: string,
	listener: Extract<PortListener, { kind: 'skipped' }>,
): CheckResult {
	const fixes: Record<typeof listener.cause, string> = {
		'no-tool': `install one of ${listing(LISTENER_TOOLS.map((t) => (t === 'nc' ? 'OpenBSD nc' : t)))} on ${host} (python3 or perl is on most servers), then run check again`,
		taken: `free port ${port} on ${host} (see the ports check), then run check again`,
		failed: 'run check again; if the listener fails again, its error above says why',
	};
	return finding(
		'warn',
		'reach',
		host,
		`whether the other members reach ${host} on ${role} port ${port} was not tested: ${listener.reason}`,
		fixes[listener.cause],
		{ port },
	);
}

function failedConnect(
	spec: ClusterSpec,
	from: string,
	target: Member,
	port: number,
	role: string,
	result: ConnectResult | undefined,
	measurements: ReadonlyMap<string, HostMeasurements>,
): CheckResult {
	const outcome = result?.outcome ?? 'error';
	const why: Record<ConnectResult['outcome'], string> = {
		ok: '',
		timeout: `no answer within ${CONNECT_TIMEOUT_S} s: something drops the packets (a firewall on ${target.name} or on the way)`,
		refused: 'connection refused: a firewall rejects it, or nothing listens there',
		unreachable: `no route to ${target.ip}${result?.detail ? ` (${result.detail})` : ''}`,
		error: result?.detail ?? 'no result came back',
	};
	const firewall = measurements.get(target.name)?.firewalls?.[0];
	const iface = spec.etcd.interface;
	const fix = firewall
		? `let ${from} in on ${target.name}: ${firewallRule(firewall, iface, [port])}`
		: `check the firewalls between ${from} and ${target.name} (host rules, a cloud security group) and that ${iface} routes between them`;
	return finding(
		'fail',
		'reach',
		target.name,
		`${from} cannot reach ${target.name} at ${target.ip}:${port} (${role} port): ${why[outcome]}`,
		fix,
		{ from, port },
	);
}
