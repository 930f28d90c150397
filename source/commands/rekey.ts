import { createInterface } from 'node:readline/promises';
import type { LoadedCluster } from '../cluster/index.js';
import { formatHealthTable } from '../health/index.js';
import { prewarmKeyPairs } from '../pki/index.js';
import {
	formatInventory,
	formatRekeyPlan,
	type PreparedRekey,
	prepareRekey,
	type RekeyResult,
	rekeyCluster,
	selectedMembers,
} from '../rekey/index.js';
import { closeAll } from '../run/context.js';
import { RefusedError } from '../run/prepare.js';
import { abortOnInterrupt, type CommandIo, headlessEmitter, UsageError } from './output.js';

export interface RekeyFlags {
	/** Rotate the CA instead of renewing member certificates. */
	readonly ca: boolean;
	readonly yes: boolean;
	readonly acceptNewHostKeys: boolean;
	/** Renew only these members (`--member`, repeatable). */
	readonly members?: readonly string[];
}

/**
 * `etcd-wizard rekey`: lists every certificate (hosts and local), shows the plan, then renews
 * member certificates or rotates the CA. Without --yes and without a terminal to ask in, it
 * stops after the plan (exit 64), having changed nothing.
 */
export async function rekeyCommand(
	loaded: LoadedCluster,
	flags: RekeyFlags,
	io: CommandIo,
): Promise<number> {
	if (flags.ca && flags.members && flags.members.length > 0) {
		throw new UsageError(
			'--member chooses members to renew; a CA rotation (--ca) always covers every member',
		);
	}
	const { spec } = loaded;
	const { signal, dispose } = abortOnInterrupt(io);
	// The keys take longest; they generate while the hosts are reached.
	prewarmKeyPairs(
		flags.ca ? 2 + 2 * spec.hosts.length : 2 * (flags.members?.length || spec.hosts.length),
	);
	const emit = headlessEmitter(
		io,
		spec.hosts.map((h) => h.name),
	);
	let prepared: PreparedRekey | undefined;
	try {
		prepared = await prepareRekey(spec, loaded.path, {
			acceptNewHostKeys: flags.acceptNewHostKeys,
			emit,
			signal,
			ca: flags.ca,
		});
		if (io.json) io.stdout(JSON.stringify({ type: 'inventory', ...prepared.inventory }));
		else io.stderr(formatInventory(prepared.inventory));
		if (prepared.problems.length > 0) throw new RefusedError(prepared.problems);
		const members = selectedMembers(prepared, flags.members);
		io.stderr(formatRekeyPlan(prepared, { ca: flags.ca, members }));
		if (!flags.yes && !(await confirmed(io))) return 64;
		const result = await rekeyCluster(prepared, {
			ca: flags.ca,
			members,
			emit,
			signal,
		});
		report(result, io);
		return result.health.cluster.healthy ? 0 : 1;
	} finally {
		closeAll(prepared?.connections);
		dispose();
	}
}

/** Asks on the terminal; without one, says which flag to pass. */
async function confirmed(io: CommandIo): Promise<boolean> {
	const interactive = process.stdin.isTTY && process.stderr.isTTY && !process.env.CI;
	if (!interactive) {
		throw new UsageError(
			'rekey changes hosts: pass --yes to go ahead without being asked (no terminal to ask in); nothing was changed',
		);
	}
	const rl = createInterface({ input: process.stdin, output: process.stderr });
	try {
		const answer = await rl.question('Re-key the cluster? [y/N] ');
		if (/^y(es)?$/i.test(answer.trim())) return true;
		io.stderr('rekey: nothing was changed');
		return false;
	} finally {
		rl.close();
	}
}

function report(result: RekeyResult, io: CommandIo): void {
	if (io.json) {
		io.stdout(JSON.stringify({ type: 'result', ...result }));
		return;
	}
	io.stderr(formatHealthTable(result.health));
	const serials = result.members
		.map((m) => `${m.name} server ${m.serverSerial.slice(0, 8)}… peer ${m.peerSerial.slice(0, 8)}…`)
		.join('; ');
	const restarts =
		result.restarted.length === 0
			? 'no restart'
			: `restarted one at a time: ${result.restarted.join(', ')}`;
	const what = result.mode === 'ca' ? `new CA ${result.caFingerprint}` : 'same CA';
	io.stderr(`rekey: ${what}; ${restarts}; now presenting: ${serials}`);
}
