import type { LoadedCluster } from '../cluster/index.js';
import {
	type ClusterHealth,
	checkCluster,
	formatHealthTable,
	healthExitCode,
} from '../health/index.js';
import { loadPki } from '../pki/index.js';
import { interfaceAddress } from '../plan/facts.js';
import { closeAll, clusterPath, connectCluster, gatherFacts } from '../run/context.js';
import type { HostConnection } from '../ssh/index.js';
import { abortOnInterrupt, type CommandIo, headlessEmitter } from './output.js';

export interface HealthFlags {
	readonly acceptNewHostKeys: boolean;
	readonly watch: boolean;
}

const WATCH_INTERVAL_MS = 3000;

/** One health pass over every member, through SSH tunnels, with the admin certificate. */
export async function clusterHealth(
	loaded: LoadedCluster,
	connections: ReadonlyMap<string, HostConnection>,
	ips: ReadonlyMap<string, string>,
	signal?: AbortSignal,
): Promise<ClusterHealth> {
	const { spec } = loaded;
	const pki = await loadPki(clusterPath(loaded.path, spec.pki.dir));
	const members = spec.hosts.map((h) => ({
		name: h.name,
		ip: ips.get(h.name) ?? h.address,
		clientPort: spec.etcd.clientPort,
	}));
	const identity = { caCert: pki.caCert, cert: pki.adminCert, key: pki.adminKey };
	return checkCluster(
		spec.name,
		members,
		identity,
		async (member) => {
			const connection = connections.get(member.name);
			if (!connection) throw new Error(`no SSH connection to ${member.name}`);
			return connection.forwardOut(member.ip, member.clientPort);
		},
		signal ? { signal } : {},
	);
}

/** `etcd-wizard health`: exit 0 all healthy, 1 quorum but not all, 2 no quorum. */
export async function healthCommand(
	loaded: LoadedCluster,
	flags: HealthFlags,
	io: CommandIo,
): Promise<number> {
	const { signal, dispose } = abortOnInterrupt(io);
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
		const facts = await gatherFacts(loaded.spec, connections, { emit: () => {}, signal });
		const ips = new Map(
			[...facts].flatMap(([name, f]) => {
				const ip = interfaceAddress(f, loaded.spec.etcd.interface);
				return ip ? [[name, ip] as const] : [];
			}),
		);
		for (;;) {
			const health = await clusterHealth(loaded, connections, ips, signal);
			if (io.json) io.stdout(JSON.stringify(health));
			else io.stdout(formatHealthTable(health, process.stdout.columns));
			if (!flags.watch || signal.aborted) return healthExitCode(health);
			await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
			if (signal.aborted) return healthExitCode(health);
		}
	} finally {
		closeAll(connections);
		dispose();
	}
}
