import type { ClusterSpec } from '../cluster/types.js';
import { memberIp } from '../plan/member-address.js';
import type { HostFacts } from '../shell/facts.js';
import { hostProbeScript, parseHostProbe } from '../shell/host-probe-script.js';
import {
	type ConnectTarget,
	connectScript,
	LISTENER_TOOLS,
	listenScript,
	parseConnects,
	parseListen,
	stopCommand,
} from '../shell/listen-script.js';
import type { HostConnection } from '../ssh/index.js';
import { memberPorts, portHolder } from './ports.js';
import { listing } from './result.js';
import type { HostMeasurements, PortListener, ProbeName } from './types.js';

/** How the probes run. */
export interface MeasureOptions {
	/** This cluster's initial-cluster-token: ports its own etcd holds are connected to, not listened on. */
	readonly token: string | undefined;
	readonly signal?: AbortSignal;
}

interface ProbeHost {
	readonly name: string;
	readonly connection: HostConnection;
	readonly facts: HostFacts;
	/** Its address on the cluster interface; undefined when it lacks one (no network probes). */
	readonly ip: string | undefined;
}

/** What is being gathered for one host while the probes run. */
type Draft = { -readonly [K in keyof HostMeasurements]: HostMeasurements[K] } & {
	errors: Partial<Record<ProbeName, string>>;
};

/**
 * Measures every host at once: the clock first (alone, for a tight round trip), then the disk,
 * pings and firewall, while listeners go up on the members' ports, every member connects to
 * every other's, and the listeners are stopped again. A probe that fails is recorded, not thrown
 * (an abort is thrown).
 */
export async function measureCluster(
	spec: ClusterSpec,
	connections: ReadonlyMap<string, HostConnection>,
	facts: ReadonlyMap<string, HostFacts>,
	options: MeasureOptions,
): Promise<Map<string, HostMeasurements>> {
	const hosts: ProbeHost[] = spec.hosts.flatMap((h) => {
		const connection = connections.get(h.name);
		const hostFacts = facts.get(h.name);
		if (!connection || !hostFacts) return [];
		const ip = memberIp(spec, h.name, hostFacts);
		return [{ name: h.name, connection, facts: hostFacts, ip }];
	});
	const drafts = new Map<string, Draft>(hosts.map((h) => [h.name, { errors: {} }]));
	const draft = (name: string) => drafts.get(name) as Draft;
	const attempt = async (host: string, probe: ProbeName, work: () => Promise<void>) => {
		try {
			await work();
		} catch (error) {
			if ((error as Error).name === 'AbortError') throw error;
			draft(host).errors[probe] = (error as Error).message;
		}
	};
	await Promise.all(
		hosts.map((h) =>
			attempt(h.name, 'clock', async () => {
				draft(h.name).clock = await measureClock(h.connection, options.signal);
			}),
		),
	);
	const members = hosts.filter((h) => h.ip !== undefined);
	await Promise.all([
		...hosts.map((h) =>
			attempt(h.name, 'host', async () => {
				const peers = members.filter((m) => m.name !== h.name && h.ip !== undefined);
				const script = hostProbeScript(
					spec.etcd.dataDir,
					peers.map((p) => ({ name: p.name, ip: p.ip ?? '' })),
				);
				const result = await h.connection.exec('sh -s', {
					sudo: true,
					stdin: script,
					timeoutMs: 60_000,
					...(options.signal ? { signal: options.signal } : {}),
				});
				Object.assign(
					draft(h.name),
					parseHostProbe(
						result.stdout,
						peers.map((p) => p.name),
					),
				);
			}),
		),
		reachability(spec, members, draft, attempt, options),
	]);
	return new Map([...drafts].map(([name, d]) => [name, finish(d)]));
}

/** Drops an empty errors record, so a clean host's measurements hold only figures. */
function finish(d: Draft): HostMeasurements {
	const { errors, ...rest } = d;
	return Object.keys(errors).length > 0 ? { ...rest, errors } : rest;
}

/** Host clock minus local clock, taken at the middle of one short round trip. */
async function measureClock(
	connection: HostConnection,
	signal: AbortSignal | undefined,
): Promise<{ offsetMs: number; uncertaintyMs: number }> {
	const sent = Date.now();
	const result = await connection.exec('date +%s.%N', {
		check: true,
		timeoutMs: 15_000,
		...(signal ? { signal } : {}),
	});
	const received = Date.now();
	const hostMs = Number(result.stdout.trim()) * 1000;
	if (!Number.isFinite(hostMs) || hostMs === 0) {
		throw new Error(`date printed ${JSON.stringify(result.stdout.trim())}`);
	}
	return { offsetMs: hostMs - (sent + received) / 2, uncertaintyMs: (received - sent) / 2 };
}

type Attempt = (host: string, probe: ProbeName, work: () => Promise<void>) => Promise<void>;

/** Listeners up, connections from every member to every other, listeners down. */
async function reachability(
	spec: ClusterSpec,
	members: readonly ProbeHost[],
	draft: (name: string) => Draft,
	attempt: Attempt,
	options: MeasureOptions,
): Promise<void> {
	if (members.length < 2) return;
	const signal = options.signal ? { signal: options.signal } : {};
	const pids = new Map<string, number[]>();
	try {
		await Promise.all(
			members.map((m) =>
				attempt(m.name, 'listen', async () => {
					const started = await startListeners(spec, m, options);
					draft(m.name).listeners = started.listeners;
					pids.set(m.name, started.pids);
				}),
			),
		);
		await Promise.all(
			members.map((source) =>
				attempt(source.name, 'connect', async () => {
					const targets: ConnectTarget[] = members.flatMap((target) => {
						const listeners = draft(target.name).listeners;
						if (target.name === source.name || !listeners) return [];
						return [...listeners]
							.filter(([, l]) => l.kind !== 'skipped')
							.map(([port]) => ({ name: target.name, ip: target.ip ?? '', port }));
					});
					if (targets.length === 0) return;
					const result = await source.connection.exec('sh -s', {
						stdin: connectScript(targets),
						timeoutMs: 30_000,
						...signal,
					});
					const connects = parseConnects(source.name, result.stdout);
					if (connects) draft(source.name).connects = connects;
					else
						draft(source.name).errors.connect =
							`${source.name} has no bash (or no timeout) to connect with`;
				}),
			),
		);
	} finally {
		// Not bound to the signal: listeners end even when the run was stopped (and by their own
		// time limit should this fail).
		await Promise.all(
			[...pids].map(([name, list]) => {
				const host = members.find((m) => m.name === name);
				if (!host || list.length === 0) return undefined;
				return host.connection
					.exec(stopCommand(list), { sudo: true, timeoutMs: 10_000 })
					.catch(() => undefined);
			}),
		);
	}
}

/** Starts a listener on each free port of a member; ports its own etcd holds answer by themselves. */
async function startListeners(
	spec: ClusterSpec,
	member: ProbeHost,
	options: MeasureOptions,
): Promise<{ listeners: Map<number, PortListener>; pids: number[] }> {
	const listeners = new Map<number, PortListener>();
	const free: number[] = [];
	for (const port of memberPorts(spec)) {
		const holder = portHolder(spec, member.name, member.facts, port, options.token);
		if (holder.kind === 'own-etcd') listeners.set(port.port, { kind: 'etcd' });
		else if (holder.kind === 'taken') {
			listeners.set(port.port, {
				kind: 'skipped',
				cause: 'taken',
				reason: `${holder.process} holds it`,
			});
		} else free.push(port.port);
	}
	if (free.length === 0) return { listeners, pids: [] };
	const result = await member.connection.exec('sh -s', {
		sudo: true,
		stdin: listenScript(member.ip ?? '', free),
		check: true,
		timeoutMs: 30_000,
		...(options.signal ? { signal: options.signal } : {}),
	});
	const parsed = parseListen(result.stdout);
	const pids: number[] = [];
	for (const port of free) {
		const outcome = parsed.ports.get(port);
		if (!parsed.tool) {
			listeners.set(port, {
				kind: 'skipped',
				cause: 'no-tool',
				reason: `no program to listen with: ${member.name} has none of ${listing([...LISTENER_TOOLS])}`,
			});
		} else if (outcome && 'pid' in outcome) {
			listeners.set(port, { kind: 'listened', tool: parsed.tool });
			pids.push(outcome.pid);
		} else {
			listeners.set(port, {
				kind: 'skipped',
				cause: 'failed',
				reason: `the ${parsed.tool} listener on ${member.ip}:${port} failed: ${outcome?.error ?? 'it printed nothing'}`,
			});
		}
	}
	return { listeners, pids };
}
