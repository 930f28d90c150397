import { posix } from 'node:path';
import { render } from 'ink';
import type { LoadedCluster } from '../cluster/index.js';
import { clusterPath } from '../cluster/paths.js';
import { prewarmKeyPairs } from '../pki/index.js';
import { closeAll } from '../reach/connect.js';
import {
	clientFiles,
	createClientCertificate,
	formatRekeyPlan,
	localInventoryEntry,
	type PreparedRekey,
	prepareRekey,
	rekeyCluster,
} from '../rekey/index.js';
import { rekeyProblems } from '../rekey/prepare.js';
import { initialRekeyState } from '../state/rekey/reducer.js';
import type { RekeyEffects } from '../state/rekey/types.js';
import { RekeyApp } from '../ui/rekey/rekey-app.js';
import { checkLoadedKey } from './cluster-key.js';
import type { RekeyFlags } from './rekey-flags.js';

/**
 * The re-key screen's effects, done by the engine. The connections of the last preparation
 * stay open for the run; `close` ends them.
 */
export function rekeyEngineEffects(
	loaded: LoadedCluster,
	flags: Pick<RekeyFlags, 'acceptNewHostKeys'>,
): RekeyEffects & { close: () => void } {
	const { spec } = loaded;
	let prepared: PreparedRekey | undefined;
	let caProblems: PreparedRekey['problems'] = [];
	const ready = (): PreparedRekey => {
		if (!prepared) throw new Error('not connected to the hosts yet');
		return prepared;
	};
	return {
		checkKey: (passphrase) => checkLoadedKey(loaded, passphrase),
		async prepare(reach) {
			closeAll(prepared?.connections);
			prepared = undefined;
			prepared = await prepareRekey(spec, loaded.path, {
				acceptNewHostKeys: flags.acceptNewHostKeys,
				onUnknownHostKey: reach.onUnknownHostKey,
				emit: reach.emit,
				signal: reach.signal,
				...(reach.passphrase ? { passphrase: reach.passphrase } : {}),
				ca: false,
			});
			const p = prepared;
			caProblems = rekeyProblems(spec, p.facts, p.local, p.inventory, true);
			return {
				inventory: p.inventory,
				members: p.members.map((m) => m.name),
				problems: p.problems,
				caProblems,
			};
		},
		plan(mode, members) {
			const p = ready();
			const all = p.members.map((m) => m.name);
			return formatRekeyPlan(p, { ca: mode === 'ca', members: mode === 'ca' ? all : members });
		},
		rekey(mode, members, reach) {
			const p = ready();
			// The keys take longest; they generate while the first member is being checked.
			// A renewal of every member renews the admin certificate too.
			const admin = members.length === p.members.length ? 1 : 0;
			prewarmKeyPairs(mode === 'ca' ? 2 + 2 * p.members.length : 2 * members.length + admin);
			const target = mode === 'ca' ? { ...p, problems: caProblems } : p;
			return rekeyCluster(target, { ca: mode === 'ca', members, ...reach });
		},
		async issueClient({ name, days, overwrite }) {
			const pkiDir = clusterPath(loaded.path, spec.pki.dir);
			const now = new Date();
			const { certPem, ...issued } = await createClientCertificate(pkiDir, {
				name,
				days,
				overwrite,
				now,
			});
			const file = posix.join(spec.pki.dir, clientFiles(name).cert);
			const caPem = prepared?.local.ca.certPem ?? '';
			return { issued, entry: localInventoryEntry(file, certPem, caPem, now) };
		},
		close: () => closeAll(prepared?.connections),
	};
}

/** How long a run stopped by SIGTERM or SIGHUP may take to finish or put back its member. */
const SETTLE_MS = 120_000;

/**
 * `etcd-wizard rekey <cluster.yaml>` on a terminal (no --yes, no --json): the re-key screen,
 * with --ca or --member preselected; an encrypted key's passphrase is asked first. Resolves with the exit code: 0 done and healthy (or quit
 * having changed nothing), 1 failed or unhealthy, 130 after Ctrl-C.
 */
export async function runRekeyApp(loaded: LoadedCluster, flags: RekeyFlags): Promise<number> {
	const effects = rekeyEngineEffects(loaded, flags);
	const initial = initialRekeyState({
		cluster: loaded.spec.name,
		hosts: loaded.spec.hosts.map((h) => h.name),
		ca: flags.ca,
		...(flags.members ? { members: flags.members } : {}),
		at: Date.now(),
	});
	let finish: (code: number) => void = () => {};
	const exited = new Promise<number>((resolve) => {
		finish = resolve;
	});
	const terminated = new AbortController();
	const app = render(
		<RekeyApp initial={initial} effects={effects} onExit={finish} terminate={terminated.signal} />,
		{ exitOnCtrlC: false },
	);
	// A terminal closed or a kill: a run stops as after Ctrl-C (the member in hand is finished or
	// put back) before the connections close; a run that does not settle in time is left.
	const onSignal = () => {
		// A closed terminal fails every write (EIO): the run must not die of its own drawing.
		process.stdout.on('error', () => {});
		terminated.abort();
		setTimeout(() => finish(130), SETTLE_MS).unref();
	};
	process.once('SIGTERM', onSignal);
	process.once('SIGHUP', onSignal);
	try {
		const code = await exited;
		app.unmount();
		await app.waitUntilExit();
		return code;
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		effects.close();
	}
}
