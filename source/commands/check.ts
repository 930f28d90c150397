import type { LoadedCluster } from '../cluster/index.js';
import {
	type CheckReport,
	checkReportJson,
	formatCheckTable,
	formatCheckText,
	runPreflight,
	sshFailureReport,
} from '../preflight/index.js';
import { closeAll, connectCluster, gatherFacts } from '../reach/connect.js';
import { ConnectAllError, type HostConnection } from '../ssh/index.js';
import { abortOnInterrupt, type CommandIo, headlessEmitter } from './output.js';

export interface CheckFlags {
	readonly acceptNewHostKeys: boolean;
}

/** `etcd-wizard check`: every preflight check; exit 0 when none failed, 1 otherwise. */
export async function checkCommand(
	loaded: LoadedCluster,
	flags: CheckFlags,
	io: CommandIo,
): Promise<number> {
	const { spec } = loaded;
	const { signal, dispose } = abortOnInterrupt(io);
	// Failures of the connection steps on stderr; stdout is the report.
	const emit = headlessEmitter({ ...io, json: false }, []);
	let connections: Map<string, HostConnection> | undefined;
	try {
		try {
			connections = await connectCluster(spec, loaded.path, {
				acceptNewHostKeys: flags.acceptNewHostKeys,
				emit: (event) => {
					if (event.type === 'node-step-failed') emit(event);
				},
				signal,
			});
		} catch (error) {
			if (!(error instanceof ConnectAllError)) throw error;
			return print(sshFailureReport(spec, error.failures), io);
		}
		const refused = await sudoFailures(connections, signal);
		if (refused.size > 0) return print(sshFailureReport(spec, refused), io);
		const facts = await gatherFacts(spec, connections, { emit: () => {}, signal });
		return print(await runPreflight(spec, loaded.path, connections, facts, signal), io);
	} finally {
		closeAll(connections);
		dispose();
	}
}

/** Hosts where sudo does not run a command without a password (the SSH layer says why). */
async function sudoFailures(
	connections: ReadonlyMap<string, HostConnection>,
	signal: AbortSignal,
): Promise<Map<string, Error>> {
	const outcomes = await Promise.allSettled(
		[...connections.values()].map((c) =>
			c.exec('true', { sudo: true, check: true, timeoutMs: 15_000, signal }),
		),
	);
	const names = [...connections.keys()];
	const failures = new Map<string, Error>();
	outcomes.forEach((outcome, i) => {
		if (outcome.status === 'rejected') {
			if ((outcome.reason as Error).name === 'AbortError') throw outcome.reason;
			failures.set(names[i] ?? '?', outcome.reason as Error);
		}
	});
	return failures;
}

function print(report: CheckReport, io: CommandIo): number {
	if (io.json) io.stdout(JSON.stringify(checkReportJson(report)));
	else if (process.stdout.isTTY) {
		io.stdout(formatCheckTable(report, process.stdout.columns ?? 100, !process.env.NO_COLOR));
	} else io.stdout(formatCheckText(report));
	return report.ok ? 0 : 1;
}
