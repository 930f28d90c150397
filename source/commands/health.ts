import type { LoadedCluster } from '../cluster/index.js';
import { clusterPath } from '../cluster/paths.js';
import { gatherDetails, withMemberView } from '../health/diagnosis/details.js';
import type { HealthSnapshot } from '../health/diagnosis/index.js';
import { diagnose, formatDiagnosis, quotaBytes } from '../health/diagnosis/index.js';
import {
	type ClientIdentity,
	type ClusterHealth,
	checkCluster,
	checkMember,
	type Dial,
	formatHealthTable,
	healthExitCode,
	type MemberEndpoint,
	summarizeCluster,
} from '../health/index.js';
import { loadPki } from '../pki/index.js';
import { closeAll, connectCluster } from '../reach/connect.js';
import { etcdctlEnvPath } from '../render/index.js';
import { shellQuote } from '../shell/quote.js';
import type { HostConnection } from '../ssh/index.js';
import { countOf } from '../state/shared/words.js';
import { checkLoadedKey } from './cluster-key.js';
import {
	abortOnInterrupt,
	type CommandIo,
	headlessEmitter,
	interactiveTerminal,
} from './output.js';

export interface HealthFlags {
	readonly acceptNewHostKeys: boolean;
	readonly watch: boolean;
}

const WATCH_INTERVAL_MS = 3000;

/** What a health pass needs: the members' endpoints, the admin identity, a dialer through SSH. */
async function healthTarget(
	loaded: LoadedCluster,
	connections: ReadonlyMap<string, HostConnection>,
	ips: ReadonlyMap<string, string>,
): Promise<{ members: MemberEndpoint[]; identity: ClientIdentity; dial: Dial }> {
	const { spec } = loaded;
	const pki = await loadPki(clusterPath(loaded.path, spec.pki.dir));
	const members = spec.hosts.map((h) => ({
		name: h.name,
		ip: ips.get(h.name) ?? h.address,
		clientPort: spec.etcd.clientPort,
	}));
	const identity = { caCert: pki.caCert, cert: pki.adminCert, key: pki.adminKey };
	const dial: Dial = async (member) => {
		const connection = connections.get(member.name);
		if (!connection) throw new Error(`no SSH connection to ${member.name}`);
		return connection.forwardOut(member.ip, member.clientPort);
	};
	return { members, identity, dial };
}

/** One health pass over every member, through SSH tunnels, with the admin certificate. */
export async function clusterHealth(
	loaded: LoadedCluster,
	connections: ReadonlyMap<string, HostConnection>,
	ips: ReadonlyMap<string, string>,
	signal?: AbortSignal,
): Promise<ClusterHealth> {
	const { members, identity, dial } = await healthTarget(loaded, connections, ips);
	return checkCluster(loaded.spec.name, members, identity, dial, signal ? { signal } : {});
}

/**
 * One health pass and, at the same time, each member's details over its SSH connection; then
 * the diagnosis of both.
 */
export async function healthSnapshot(
	loaded: LoadedCluster,
	connections: ReadonlyMap<string, HostConnection>,
	ips: ReadonlyMap<string, string>,
	signal?: AbortSignal,
): Promise<HealthSnapshot> {
	const { spec } = loaded;
	const { members, identity, dial } = await healthTarget(loaded, connections, ips);
	const options = signal ? { signal } : {};
	const checking = Promise.all(members.map((m) => checkMember(m, identity, dial, options)));
	const paths = { confDir: spec.etcd.confDir, dataDir: spec.etcd.dataDir };
	const gathering = Promise.all(
		[...connections.values()].map((c) => gatherDetails(c, paths, signal)),
	);
	const [checks, gathered] = await Promise.all([checking, gathering]);
	const details = gathered.map((d) =>
		withMemberView(
			d,
			checks.find((c) => c.name === d.name),
		),
	);
	const health = summarizeCluster(spec.name, checks);
	const at = Date.now();
	const findings = diagnose({
		health,
		details,
		ips,
		peerPort: spec.etcd.peerPort,
		quotaBytes: quotaBytes(spec.etcd.settings),
		now: at,
		etcdctlEnv: etcdctlEnvPath(spec),
	});
	return { health, details, findings, at };
}

/**
 * Each member's address on the cluster interface, one short command per host at once (the full
 * facts would cost a third of a second); a host without it is reached at its SSH address.
 */
async function interfaceIps(
	name: string,
	connections: ReadonlyMap<string, HostConnection>,
	signal: AbortSignal,
): Promise<Map<string, string>> {
	const found = await Promise.all(
		[...connections].map(async ([host, connection]) => {
			// A host that does not answer here is reported by the health pass itself.
			const r = await connection
				.exec(`ip -o -4 addr show dev ${shellQuote(name)}`, { timeoutMs: 10_000, signal })
				.catch(() => {
					signal.throwIfAborted();
					return { stdout: '' };
				});
			const ip = /\binet (\d+\.\d+\.\d+\.\d+)\//.exec(r.stdout)?.[1];
			return ip ? [[host, ip] as const] : [];
		}),
	);
	return new Map(found.flat());
}

/**
 * `etcd-wizard health`: exit 0 all healthy, 1 quorum but not all, 2 no quorum. On a terminal
 * the live view connects itself, asking an encrypted key's passphrase first.
 */
export async function healthCommand(
	loaded: LoadedCluster,
	flags: HealthFlags,
	io: CommandIo,
): Promise<number> {
	const { signal, dispose } = abortOnInterrupt(io);
	try {
		return !io.json && interactiveTerminal()
			? await healthView(loaded, flags, signal)
			: await headlessHealth(loaded, flags, io, signal);
	} finally {
		dispose();
	}
}

/** Plain lines or JSON, once or every few seconds; an encrypted key is never asked here. */
async function headlessHealth(
	loaded: LoadedCluster,
	flags: HealthFlags,
	io: CommandIo,
	signal: AbortSignal,
): Promise<number> {
	// Connection progress goes to stderr as plain lines even with --json (stdout is the report).
	const emit = headlessEmitter({ ...io, json: false }, []);
	const quiet: typeof emit = (event) => {
		if (event.type === 'node-step-failed' || (event.type === 'log' && event.level !== 'info'))
			emit(event);
	};
	const connections = await connectCluster(loaded.spec, loaded.path, {
		acceptNewHostKeys: flags.acceptNewHostKeys,
		emit: quiet,
		signal,
	});
	try {
		const ips = await interfaceIps(loaded.spec.etcd.interface, connections, signal);
		for (;;) {
			const { health, findings } = await healthSnapshot(loaded, connections, ips, signal);
			if (io.json) io.stdout(JSON.stringify({ ...health, diagnosis: findings }));
			else
				io.stdout(
					`${formatHealthTable(health, process.stdout.columns)}\n${formatDiagnosis(findings)}`,
				);
			if (!flags.watch || signal.aborted) return healthExitCode(health);
			await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
			if (signal.aborted) return healthExitCode(health);
		}
	} finally {
		closeAll(connections);
	}
}

/**
 * The live view: it checks the SSH key (asking an encrypted one's passphrase), then connects
 * through `connect` below; the passes use the connections of the last connect.
 */
async function healthView(
	loaded: LoadedCluster,
	flags: HealthFlags,
	signal: AbortSignal,
): Promise<number> {
	const { spec } = loaded;
	let connections: Map<string, HostConnection> | undefined;
	let ips = new Map<string, string>();
	let closed = false;
	const connect = async (passphrase: string | undefined, viewSignal: AbortSignal) => {
		closeAll(connections);
		connections = undefined;
		const both = AbortSignal.any([signal, viewSignal]);
		const opened = await connectCluster(spec, loaded.path, {
			acceptNewHostKeys: flags.acceptNewHostKeys,
			// The view says it is connecting; a failure rejects with every host's reason.
			emit: () => {},
			signal: both,
			...(passphrase ? { passphrase } : {}),
		});
		if (closed) {
			closeAll(opened);
			throw new Error('the health view has closed');
		}
		connections = opened;
		ips = await interfaceIps(spec.etcd.interface, opened, both);
	};
	try {
		// Ink and React load only here: the headless paths never pay for them.
		const { runHealthView } = await import('../ui/health/health-app.js');
		return await runHealthView({
			poll: () => healthSnapshot(loaded, connections ?? new Map(), ips, signal),
			reach: {
				checkKey: (passphrase) => checkLoadedKey(loaded, passphrase),
				connect,
				purpose: `check the health of cluster ${spec.name} (${countOf(spec.hosts.length, 'host')})`,
			},
			watch: flags.watch,
			intervalMs: WATCH_INTERVAL_MS,
			signal,
		});
	} finally {
		closed = true;
		closeAll(connections);
	}
}
