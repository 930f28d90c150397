import type { LoadedCluster } from '../cluster/index.js';
import { formatDiagnosis } from '../health/diagnosis/index.js';
import { formatHealthTable, healthExitCode } from '../health/index.js';
import { healthSnapshot } from '../health/snapshot.js';
import { closeAll } from '../reach/connect.js';
import { type ReachedMembers, reachMembers } from '../reach/members.js';
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
	const reached = await reachMembers(loaded.spec, loaded.path, {
		acceptNewHostKeys: flags.acceptNewHostKeys,
		emit: quiet,
		signal,
	});
	try {
		for (;;) {
			const { health, findings } = await healthSnapshot(reached, signal);
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
		closeAll(reached.connections);
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
	const unreached: ReachedMembers = {
		spec,
		clusterFile: loaded.path,
		connections: new Map(),
		members: [],
	};
	let reached: ReachedMembers | undefined;
	let closed = false;
	const connect = async (passphrase: string | undefined, viewSignal: AbortSignal) => {
		closeAll(reached?.connections);
		reached = undefined;
		const both = AbortSignal.any([signal, viewSignal]);
		const opened = await reachMembers(spec, loaded.path, {
			acceptNewHostKeys: flags.acceptNewHostKeys,
			// The view says it is connecting; a failure rejects with every host's reason.
			emit: () => {},
			signal: both,
			...(passphrase ? { passphrase } : {}),
		});
		if (closed) {
			closeAll(opened.connections);
			throw new Error('the health view has closed');
		}
		reached = opened;
	};
	try {
		// Ink and React load only here: the headless paths never pay for them.
		const { runHealthView } = await import('../ui/health/health-app.js');
		return await runHealthView({
			poll: () => healthSnapshot(reached ?? unreached, signal),
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
		closeAll(reached?.connections);
	}
}
