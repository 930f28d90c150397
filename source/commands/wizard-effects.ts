/**
 * The wizard's effects done by the engine (SSH, facts, the cluster file, PKI, apply, health).
 * The wizard loads this file after its first frame (see lazyEffects in wizard.tsx): the engine's
 * modules are not needed to draw the start menu.
 */
import { loadClusterFile, saveClusterFile } from '../cluster/index.js';
import type { RunEvent } from '../events/run-event.js';
import { clusterHealth } from '../health/snapshot.js';
import { runPreflight } from '../preflight/index.js';
import { withReachedCluster } from '../reach/cluster.js';
import { loadTemplates } from '../render/index.js';
import { applyCluster } from '../run/apply.js';
import type { Effects, ReachHosts } from '../state/wizard/index.js';
import type { WizardStore } from '../store/index.js';
import { checkClusterKey, checkIdentity } from './cluster-key.js';

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
			return withReachedCluster(loaded.spec, loaded.path, reachOptions(reach), (reached) =>
				clusterHealth(reached, reach.signal),
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
