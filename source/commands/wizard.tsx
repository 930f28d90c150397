import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import {
	type Effects,
	initialWizardState,
	type WizardEnv,
	type WizardExit,
} from '../state/wizard/index.js';
import { openWizardStore, type WizardStore } from '../store/index.js';
import { WizardApp } from '../ui/wizard/wizard-app.js';

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
 * The wizard's effects, whose engine (ssh2, node-forge, the reach and apply engine: 0.1 s to
 * load on an idle machine, 0.25 s on a busy one) is imported on first use or by `preload`,
 * called once the first frame is drawn: the start menu shows first, the engine loads while the
 * operator reads.
 */
export function lazyEffects(
	store: WizardStore,
	load: () => Promise<Effects> = async () =>
		(await import('./wizard-effects.js')).engineEffects(store),
): { readonly effects: Effects; readonly preload: () => void } {
	let engine: Promise<Effects> | undefined;
	const loaded = () => {
		engine ??= load();
		return engine;
	};
	const effects: Effects = {
		probeHosts: async (...args) => (await loaded()).probeHosts(...args),
		preflight: async (...args) => (await loaded()).preflight(...args),
		checkKey: async (...args) => (await loaded()).checkKey(...args),
		checkIdentity: async (...args) => (await loaded()).checkIdentity(...args),
		checkHealth: async (...args) => (await loaded()).checkHealth(...args),
		openCluster: async (...args) => (await loaded()).openCluster(...args),
		loadTemplates: async () => (await loaded()).loadTemplates(),
		saveCluster: async (...args) => (await loaded()).saveCluster(...args),
		apply: async (...args) => (await loaded()).apply(...args),
		store,
	};
	// A failed load is said by the first effect that needs the engine, on screen.
	return { effects, preload: () => void loaded().catch(() => {}) };
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
	const { effects, preload } = lazyEffects(store);
	// Ink writes the first frame before render returns; the engine loads after it.
	const app = render(<WizardApp initial={initial} effects={effects} onExit={finish} />, {
		exitOnCtrlC: false,
	});
	preload();
	const exit = await exited;
	app.unmount();
	await app.waitUntilExit();
	return wizardOutcome(exit);
}
