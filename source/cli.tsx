#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { processIo, UsageError } from './commands/output.js';

// Commands are imported when chosen: Ink and React alone take half a second to load, which a
// headless `apply` or `health` should not pay.

const USAGE = `etcd-wizard: bootstrap, check and re-key a TLS etcd cluster over SSH

  etcd-wizard                          the wizard (a new cluster); needs a terminal
  etcd-wizard init [dir]               the same, writing dir/cluster.yaml and dir/pki/
  etcd-wizard check <cluster.yaml> [--accept-new-host-keys] [--json]
                                       preflight: what would stop or slow the cluster
  etcd-wizard plan  <cluster.yaml> [--accept-new-host-keys] [--json]
                                       what apply would change, per host; changes nothing
  etcd-wizard apply <cluster.yaml> [--yes] [--accept-new-host-keys] [--json]
                                       install or update etcd on every host in the file
  etcd-wizard health <cluster.yaml> [--watch] [--accept-new-host-keys] [--json]
                                       each member's state; exit 0 all healthy, 1 some
                                       member not, 2 no quorum (the cluster cannot write)
  etcd-wizard rekey <cluster.yaml> [--ca] [--member <name>]... [--yes] [--accept-new-host-keys] [--json]
                                       renew the members' certificates (same CA, no restart)
  etcd-wizard rekey <cluster.yaml> --client <name> [--days N] [--yes] [--json]

  --accept-new-host-keys   trust a host whose SSH key is not yet in known_hosts, and record it
                           (a key that differs from the recorded one is always refused)
  -y, --yes                apply or rekey: go ahead without asking
  --json                   machine output on stdout; progress stays on stderr
  --watch                  health: check again every 3 seconds until Ctrl-C
  --ca                     rekey: a new CA and every certificate from it (two rolling restarts)
  --member <name>          rekey: renew only this member's certificates (repeatable)
  --client <name>          rekey: issue a client certificate (pki/clients/<name>.crt) from the
                           local CA; touches no host
  --days <N>               rekey --client: its validity in days (1..3650, default 365)
  -h, --help               this text`;

const OPTIONS = {
	yes: { type: 'boolean', short: 'y', default: false },
	'accept-new-host-keys': { type: 'boolean', default: false },
	json: { type: 'boolean', default: false },
	watch: { type: 'boolean', default: false },
	help: { type: 'boolean', short: 'h', default: false },
	ca: { type: 'boolean', default: false },
	member: { type: 'string', multiple: true },
	client: { type: 'string' },
	days: { type: 'string' },
} as const;

async function main(argv: readonly string[]): Promise<number> {
	let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
	try {
		parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
	} catch (error) {
		throw new UsageError(`${(error as Error).message}; see etcd-wizard --help`);
	}
	const { values, positionals } = parsed;
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	const [command = 'init', file, ...rest] = positionals;
	const io = processIo(values.json);
	if (command === 'init') return wizard(file);
	if (!['check', 'plan', 'apply', 'health', 'rekey'].includes(command)) {
		throw new UsageError(`unknown command '${command}'; see etcd-wizard --help`);
	}
	if (!file)
		throw new UsageError(
			`${command} needs the cluster file: etcd-wizard ${command} <cluster.yaml>`,
		);
	if (rest.length > 0)
		throw new UsageError(`${command} takes one cluster file, got also: ${rest.join(' ')}`);
	const { formatDiagnostic, loadClusterFile } = await import('./cluster/index.js');
	const loaded = await loadClusterFile(file);
	for (const warning of loaded.warnings) io.stderr(formatDiagnostic(warning));
	const acceptNewHostKeys = values['accept-new-host-keys'];
	switch (command) {
		case 'check':
			return (await import('./commands/check.js')).checkCommand(loaded, { acceptNewHostKeys }, io);
		case 'plan':
			return (await import('./commands/plan.js')).planCommand(loaded, acceptNewHostKeys, io);
		case 'apply': {
			const { applyCommand } = await import('./commands/apply.js');
			return applyCommand(loaded, { yes: values.yes, acceptNewHostKeys }, io);
		}
		case 'rekey': {
			const { rekeyCommand } = await import('./commands/rekey.js');
			const { ca, yes, member: members = [], client, days } = values;
			const extra = {
				...(client === undefined ? {} : { client }),
				...(days === undefined ? {} : { days }),
			};
			return rekeyCommand(loaded, { ca, yes, acceptNewHostKeys, members, ...extra }, io);
		}
		default: {
			const { healthCommand } = await import('./commands/health.js');
			return healthCommand(loaded, { acceptNewHostKeys, watch: values.watch }, io);
		}
	}
}

async function wizard(dir: string | undefined): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError(
			'the wizard needs a terminal; to run without one, write a cluster file and use: etcd-wizard apply <cluster.yaml>',
		);
	}
	const { code, rekeyFile } = await (await import('./commands/wizard.js')).runWizard(dir);
	if (!rekeyFile) return code;
	// "Re-key" on the start menu: the wizard hands its chosen cluster file to the re-key screen.
	const [{ loadClusterFile }, { runRekeyApp }] = await Promise.all([
		import('./cluster/index.js'),
		import('./commands/rekey-app.js'),
	]);
	const loaded = await loadClusterFile(rekeyFile);
	// The wizard's last frame stays on screen after it ends: start the re-key screen on a clean one.
	process.stdout.write('\u001B[2J\u001B[H');
	return runRekeyApp(loaded, { ca: false, yes: false, acceptNewHostKeys: false });
}

/** One line on stderr saying what went wrong and what to do; the exit code says how. */
function report(error: unknown): number {
	const write = (text: string) => process.stderr.write(`${text}\n`);
	if (error instanceof UsageError) {
		write(`etcd-wizard: ${error.message}`);
		return 64;
	}
	const named = error as Error & { hint?: unknown };
	// Errors whose message already says where (file:line:column, host) and what to do.
	if (['ClusterFileError', 'RefusedError', 'DeclinedError'].includes(named?.name)) {
		write(named.message);
		return 1;
	}
	if (typeof named?.hint === 'string' && named.hint) {
		write(`etcd-wizard: ${named.message}\n  next: ${named.hint}`);
		return 1;
	}
	if ((error as Error)?.name === 'AbortError') {
		write('etcd-wizard: stopped; every host was left after a finished step');
		return 130;
	}
	write(`etcd-wizard: ${(error as Error)?.message ?? String(error)}`);
	return 1;
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.exitCode = report(error);
	},
);
