import type { LoadedCluster } from '../cluster/index.js';
import { clusterPath } from '../cluster/paths.js';
import { RefusedError } from '../events/refused.js';
import { formatHealthTable } from '../health/index.js';
import { prewarmKeyPairs } from '../pki/index.js';
import { closeAll } from '../reach/connect.js';
import {
	ClientCertificateExistsError,
	clientDaysProblem,
	clientNameProblem,
	createClientCertificate,
	DEFAULT_CLIENT_DAYS,
	formatInventory,
	formatIssuedClient,
	formatRekeyPlan,
	type PreparedRekey,
	prepareRekey,
	rekeyCluster,
	selectedMembers,
} from '../rekey/index.js';
import type { RekeyResult } from '../rekey/types.js';
import {
	abortOnInterrupt,
	askYes,
	type CommandIo,
	headlessEmitter,
	interactiveTerminal,
	UsageError,
} from './output.js';
import type { RekeyFlags } from './rekey-flags.js';

/**
 * `etcd-wizard rekey`: lists every certificate (hosts and local), shows the plan, then renews
 * member certificates or rotates the CA. Without --yes and without a terminal to ask in, it
 * stops after the plan (exit 64), having changed nothing. On a terminal without --yes and
 * --json it opens the re-key screen; with --client it only issues a client certificate.
 */
export async function rekeyCommand(
	loaded: LoadedCluster,
	flags: RekeyFlags,
	io: CommandIo,
): Promise<number> {
	if (flags.days !== undefined && flags.client === undefined) {
		throw new UsageError('--days is the validity of a --client certificate: pass --client <name>');
	}
	if (flags.client !== undefined)
		return clientCommand(loaded, { ...flags, client: flags.client }, io);
	if (flags.ca && flags.members && flags.members.length > 0) {
		throw new UsageError(
			'--member chooses members to renew; a CA rotation (--ca) always covers every member',
		);
	}
	const { spec } = loaded;
	// A misspelt name is refused before any host is reached, on the screen and headless alike.
	const hosts = spec.hosts.map((h) => h.name);
	const unknown = (flags.members ?? []).filter((name) => !hosts.includes(name));
	if (unknown.length > 0) {
		throw new UsageError(
			`--member ${unknown.join(', ')}: not in the cluster file (hosts: ${hosts.join(', ')})`,
		);
	}
	if (!flags.yes && !io.json && interactiveTerminal()) {
		// Ink and React load only here: the headless paths never pay for them.
		return (await import('./rekey-app.js')).runRekeyApp(loaded, flags);
	}
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
	if (await askYes('Re-key the cluster? [y/N] ')) return true;
	io.stderr('rekey: nothing was changed');
	return false;
}

/**
 * `rekey --client <name> [--days N]`: a client certificate from the local CA, no host reached.
 * An existing one is replaced with --yes, or after a yes on the terminal.
 */
async function clientCommand(
	loaded: LoadedCluster,
	flags: RekeyFlags & { readonly client: string },
	io: CommandIo,
): Promise<number> {
	if (flags.ca || (flags.members ?? []).length > 0) {
		throw new UsageError('--client issues a client certificate only: leave out --ca and --member');
	}
	const { client: name, days = String(DEFAULT_CLIENT_DAYS) } = flags;
	const nameProblem = clientNameProblem(name);
	if (nameProblem) throw new UsageError(`--client ${JSON.stringify(name)}: ${nameProblem}`);
	const daysProblem = clientDaysProblem(days);
	if (daysProblem) throw new UsageError(`--days ${JSON.stringify(days)}: ${daysProblem}`);
	const pkiDir = clusterPath(loaded.path, loaded.spec.pki.dir);
	const issue = (overwrite: boolean) =>
		createClientCertificate(pkiDir, { name, days: Number(days), overwrite });
	let issued: Awaited<ReturnType<typeof issue>>;
	try {
		issued = await issue(flags.yes);
	} catch (error) {
		const ask = error instanceof ClientCertificateExistsError && !io.json && interactiveTerminal();
		if (!ask) throw error;
		if (!(await askYes(`${error.file} exists. Replace it and its key? [y/N] `))) {
			io.stderr('rekey: nothing was changed');
			return 64;
		}
		issued = await issue(true);
	}
	const { certPem: _pem, ...shown } = issued;
	io.stdout(
		io.json ? JSON.stringify({ type: 'client-certificate', ...shown }) : formatIssuedClient(issued),
	);
	return 0;
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
