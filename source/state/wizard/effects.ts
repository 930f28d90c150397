import type { ClusterSpec } from '../../cluster/types.js';
import type { ClusterHealth } from '../../health/index.js';
import type { CheckReport } from '../../preflight/types.js';
import type { Templates } from '../../render/index.js';
import type { HostFacts } from '../../shell/facts.js';
import type { WizardStore } from '../../store/types.js';
import type { HostsReach, KeyCheck } from '../shared/types.js';
import type { IdentityFileCheck } from './types.js';

/** How an effect reaches the hosts, with the SSH step's key passphrase. */
export interface ReachHosts extends HostsReach {
	/** The identity file's passphrase; never stored. */
	readonly passphrase?: string;
}

/**
 * Everything the wizard does outside itself. The views never import ssh2, node-forge or the
 * engine: `runWizard` passes the real implementations, tests pass fakes. Failures reject with
 * an Error whose `message` is for the operator; `hint`, `problems` ({host?, message, hint}[])
 * and `stderrTail` (string[]) are shown when present.
 */
export interface Effects {
	/** Connects to every host (one connection each), gathers facts, closes the connections. */
	probeHosts(
		spec: ClusterSpec,
		clusterFile: string,
		options: ReachHosts,
	): Promise<ReadonlyMap<string, HostFacts>>;
	/**
	 * The preflight checks (ports, reachability, round trips, disk, clock, ...) on the hosts the
	 * spec names, changing nothing; connects again and closes the connections after.
	 */
	preflight(spec: ClusterSpec, clusterFile: string, options: ReachHosts): Promise<CheckReport>;
	/**
	 * Whether the key file a cluster file names opens without a passphrase, or with the one
	 * given; read on this machine before a health check, so the passphrase can be asked first.
	 */
	checkKey(clusterFile: string, passphrase?: string): Promise<KeyCheck>;
	/**
	 * Whether a key file on this machine (`~/...` or absolute) holds a private key that opens
	 * without a passphrase, or with the one given: the SSH step asks before it is left.
	 */
	checkIdentity(identityFile: string, passphrase?: string): Promise<IdentityFileCheck>;
	/** The health of the cluster a cluster file describes. */
	checkHealth(clusterFile: string, options: ReachHosts): Promise<ClusterHealth>;
	/** Reads and validates a cluster file. */
	openCluster(clusterFile: string): Promise<ClusterSpec>;
	/** The templates of etcd.conf.yml and the unit, for the review. */
	loadTemplates(): Promise<Templates>;
	/** Writes the cluster file atomically. */
	saveCluster(clusterFile: string, spec: ClusterSpec): Promise<void>;
	/**
	 * Makes the hosts what the cluster file says (keys were recorded by `probeHosts`).
	 * `preflightPassed`: the wizard's own checks passed on these answers, so apply skips its own.
	 */
	apply(
		spec: ClusterSpec,
		clusterFile: string,
		options: Omit<ReachHosts, 'onUnknownHostKey'> & { readonly preflightPassed: boolean },
	): Promise<{ readonly health: ClusterHealth }>;
	/** Recent cluster files and last answers. */
	readonly store: WizardStore;
}
