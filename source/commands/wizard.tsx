import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { loadClusterFile, saveClusterFile } from '../cluster/index.js';
import type { RunEvent } from '../events/run-event.js';
import { runPreflight } from '../preflight/index.js';
import { withReachedCluster } from '../reach/cluster.js';
import { loadTemplates } from '../render/index.js';
import { applyCluster } from '../run/apply.js';
import {
	type Effects,
	initialWizardState,
	type ReachHosts,
	type WizardEnv,
	type WizardExit,
} from '../state/wizard/index.js';
import { openWizardStore, type WizardStore } from '../store/index.js';
import { WizardApp } from '../ui/wizard/wizard-app.js';
import { checkClusterKey, checkIdentity } from './cluster-key.js';
import { clusterHealthOf as clusterHealth } from './health.js';

const KEY_ORDER = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** The private keys in ~/.ssh (id_* without .pub), ed25519 first, written with `~`. */
export async function findIdentityFiles(home: string = homedir()): Promise<string[]> {
	let entries: import('node:fs').Dirent[];
	try {
		entries = await readdir(join(home, '.ssh'), { withFileTypes: true });
	} catch {
		return [];
	}
	const rank = (name: string) => {
		const index = KEY_ORDER.indexOf(name);
		return index === -1 ? KEY_ORDER.length : index;
	};
	return entries
		.filter((e) => e.isFile() && /^id_[\w-]+$/.test(e.name))
		.map((e) => e.name)
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
		.map((name) => `~/.ssh/${name}`);
}

/**
 * How the wizard's effects reach the hosts. The wizard's panes show each host's steps without
 * a phase line, so the reach's 'Connecting to N hosts' phase is not passed on.
 */
const reachOptions = (reach: ReachHosts) => ({
	acceptNewHostKeys: false,
	onUnknownHostKey: reach.onUnknownHostKey,
	signal: reach.signal,
	emit: (event: RunEvent) => {
		if (event.type !== 'phase') reach.emit(event);
	},
	...(reach.passphrase ? { passphrase: reach.passphrase } : {}),
});

/** The wizard's effects, done by the engine: SSH, facts, the cluster file, apply, health. */
export function engineEffects(store: WizardStore): Effects {
	return {
		probeHosts: (spec, clusterFile, reach) =>
			withReachedCluster(spec, clusterFile, reachOptions(reach), async ({ facts }) => facts),
		preflight: (spec, clusterFile, reach) =>
			withReachedCluster(spec, clusterFile, reachOptions(reach), ({ connections, facts }) =>
				runPreflight(spec, clusterFile, connections, facts, reach.signal),
			),
		async checkHealth(clusterFile, reach) {
			const loaded = await loadClusterFile(clusterFile);
			return withReachedCluster(
				loaded.spec,
				loaded.path,
				reachOptions(reach),
				({ connections, members }) => {
					const ips = new Map(members.map((m) => [m.name, m.clusterIp]));
					return clusterHealth(loaded, connections, ips, reach.signal);
				},
			);
		},
		checkKey: checkClusterKey,
		checkIdentity,
		openCluster: async (clusterFile) => (await loadClusterFile(clusterFile)).spec,
		loadTemplates,
		saveCluster: saveClusterFile,
		// The connect step recorded every host key, so a new one here is trusted as first use.
		apply: (spec, clusterFile, reach) =>
			applyCluster(spec, clusterFile, {
				acceptNewHostKeys: true,
				preflightPassed: reach.preflightPassed,
				emit: reach.emit,
				signal: reach.signal,
				...(reach.passphrase ? { passphrase: reach.passphrase } : {}),
			}),
		store,
	};
}

/** How the wizard ended: its exit code, and the file to re-key when that was chosen. */
export interface WizardOutcome {
	readonly code: number;
	readonly rekeyFile?: string;
}

/** The outcome of the wizard state's exit. */
export function wizardOutcome(exit: WizardExit): WizardOutcome {
	return typeof exit === 'number' ? { code: exit } : { code: 0, rekeyFile: exit.rekey };
}

/**
 * `etcd-wizard` / `etcd-wizard init [dir]`: the guided wizard in the terminal (the caller has
 * checked for a TTY). Writes `dir/cluster.yaml` (pki in `dir/pki`) before provisioning.
 * Resolves with the exit code (0 healthy, 1 failed or unhealthy, 130 after Ctrl-C), and with
 * the cluster file to re-key when the start menu's re-key was chosen (code 0).
 */
export async function runWizard(dir: string | undefined): Promise<WizardOutcome> {
	const store = openWizardStore();
	const env: WizardEnv = {
		cwd: process.cwd(),
		identityFiles: await findIdentityFiles(),
		agentAvailable: Boolean(process.env.SSH_AUTH_SOCK),
		recentFiles: store.recentFiles(),
	};
	const initial = initialWizardState(env, { dir: dir ?? '', stored: store.lastAnswers() });
	let finish: (exit: WizardExit) => void = () => {};
	const exited = new Promise<WizardExit>((resolve) => {
		finish = resolve;
	});
	const app = render(
		<WizardApp initial={initial} effects={engineEffects(store)} onExit={finish} />,
		{
			exitOnCtrlC: false,
		},
	);
	const exit = await exited;
	app.unmount();
	await app.waitUntilExit();
	return wizardOutcome(exit);
}
