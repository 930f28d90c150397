import type { LoadedCluster } from '../cluster/index.js';
import type { RunEvent } from '../events/run-event.js';
import {
	type CheckReport,
	checkReportJson,
	formatCheckTable,
	formatCheckText,
	runPreflight,
	sshFailureReport,
} from '../preflight/index.js';
import { reachCluster, SudoRefusedError } from '../reach/cluster.js';
import { closeAll } from '../reach/connect.js';
import { ConnectAllError } from '../ssh/index.js';
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
	const options = {
		acceptNewHostKeys: flags.acceptNewHostKeys,
		emit: (event: RunEvent) => {
			if (event.type === 'node-step-failed' && event.step === 'connect') emit(event);
		},
		signal,
		verifySudo: true,
	};
	try {
		const reached = await reachCluster(spec, loaded.path, options);
		try {
			const { connections, facts } = reached;
			return print(await runPreflight(spec, loaded.path, connections, facts, signal), io);
		} finally {
			closeAll(reached.connections);
		}
	} catch (error) {
		if (!(error instanceof ConnectAllError || error instanceof SudoRefusedError)) throw error;
		return print(sshFailureReport(spec, error.failures), io);
	} finally {
		dispose();
	}
}

function print(report: CheckReport, io: CommandIo): number {
	if (io.json) io.stdout(JSON.stringify(checkReportJson(report)));
	else if (process.stdout.isTTY) {
		io.stdout(formatCheckTable(report, process.stdout.columns ?? 100, !process.env.NO_COLOR));
	} else io.stdout(formatCheckText(report));
	return report.ok ? 0 : 1;
}
