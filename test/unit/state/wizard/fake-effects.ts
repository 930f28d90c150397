import type { ClusterSpec } from '../../../../source/cluster/types.js';
import { loadTemplates } from '../../../../source/render/index.js';
import type { Effects, ReachHosts } from '../../../../source/state/wizard/effects.js';
import type { StoredAnswers, WizardStore } from '../../../../source/store/types.js';
import { FACTS, healthOf, reportOf } from './fixtures.js';

/** A store in memory, with what was remembered. */
export function memoryStore(recent: string[] = [], answers: StoredAnswers = {}) {
	const kept = { recent: [...recent], answers };
	const store: WizardStore = {
		recentFiles: () => [...kept.recent],
		rememberFile: (path) => {
			kept.recent = [path, ...kept.recent.filter((f) => f !== path)];
		},
		lastAnswers: () => kept.answers,
		rememberAnswers: (a) => {
			kept.answers = a;
		},
	};
	return { store, kept };
}

/** What the fake effects were asked to do. */
export interface Calls {
	readonly probes: ClusterSpec[];
	readonly saved: { file: string; spec: ClusterSpec }[];
	readonly applied: { file: string; passphrase?: string }[];
	/** Signals of the runs, to see that they were aborted. */
	readonly signals: AbortSignal[];
}

/** Emits a connect (or given) step for every host, started then done. */
export function emitSteps(
	spec: ClusterSpec,
	reach: Pick<ReachHosts, 'emit'>,
	step: string,
	title: string,
) {
	for (const host of spec.hosts)
		reach.emit({ type: 'node-step-started', node: host.name, step, title });
	for (const host of spec.hosts)
		reach.emit({ type: 'node-step-done', node: host.name, step, changed: true });
}

/**
 * Effects that behave like a lab of three good hosts: etcd1's host key is unknown (asked),
 * apply reports a healthy cluster. `overrides` replaces any of them.
 */
export function fakeEffects(overrides: Partial<Effects> = {}, store = memoryStore().store) {
	const calls: Calls = { probes: [], saved: [], applied: [], signals: [] };
	const effects: Effects = {
		async probeHosts(spec, _file, reach) {
			calls.probes.push(spec);
			calls.signals.push(reach.signal);
			const question = {
				host: 'etcd1',
				port: 22,
				fingerprint: 'SHA256:Zm9vYmFy',
				keyType: 'ssh-ed25519',
			};
			if (!(await reach.onUnknownHostKey(question))) {
				throw Object.assign(new Error('host key of etcd1 (10.77.0.11:22) was not trusted'), {
					hint: 'check the fingerprint on the host, then connect again',
				});
			}
			emitSteps(spec, reach, 'connect', 'Connect over SSH');
			return FACTS;
		},
		// A LAN: round trips well under etcd's default heartbeat.
		preflight: async () => reportOf(0.3),
		checkKey: async () => ({ status: 'ok' }),
		checkIdentity: async () => ({ status: 'ok' }),
		checkHealth: async () => healthOf(['etcd1', 'etcd2', 'etcd3']),
		openCluster: async () => {
			throw new Error('no cluster file in this test');
		},
		loadTemplates,
		async saveCluster(file, spec) {
			calls.saved.push({ file, spec });
		},
		async apply(spec, file, reach) {
			calls.applied.push({ file, ...(reach.passphrase ? { passphrase: reach.passphrase } : {}) });
			calls.signals.push(reach.signal);
			reach.emit({ type: 'phase', title: 'Provisioning' });
			emitSteps(spec, reach, 'install', 'Install etcd');
			return { health: healthOf(spec.hosts.map((h) => h.name)) };
		},
		store,
		...overrides,
	};
	return { effects, calls };
}
