import type { HostSpec } from '../../../../source/cluster/types.js';
import type { ClusterHealth } from '../../../../source/health/index.js';
import { recommendTiming } from '../../../../source/preflight/tuning.js';
import type { CheckReport, CheckResult } from '../../../../source/preflight/types.js';
import type { HostFacts } from '../../../../source/shell/facts.js';
import type { WizardAction } from '../../../../source/state/wizard/actions.js';
import { initialWizardState } from '../../../../source/state/wizard/initial-state.js';
import { wizardReducer } from '../../../../source/state/wizard/reducer.js';
import {
	STEPS,
	type StepId,
	type WizardEnv,
	type WizardState,
} from '../../../../source/state/wizard/types.js';

export const ENV: WizardEnv = {
	cwd: '/home/ops/work',
	identityFiles: ['~/.ssh/id_ed25519', '~/.ssh/id_rsa'],
	agentAvailable: true,
	recentFiles: [],
};

export const HOSTS: readonly HostSpec[] = [
	{ name: 'etcd1', address: '10.77.0.11' },
	{ name: 'etcd2', address: '10.77.0.12' },
	{ name: 'etcd3', address: '10.77.0.13' },
];

type Listening = HostFacts['listening'][number];

/** A Debian host with the given interfaces (name -> "address/prefix") and listeners. */
export function hostFacts(
	interfaces: Readonly<Record<string, string>>,
	listening: readonly Listening[] = [],
): HostFacts {
	return {
		arch: 'amd64',
		os: 'Debian GNU/Linux 12 (bookworm)',
		kernel: '6.1.0',
		hostname: 'host',
		systemd: true,
		interfaces: Object.entries(interfaces).map(([name, cidr]) => {
			const [address = '', prefix = '32'] = cidr.split('/');
			return { name, ipv4: [{ address, prefixLength: Number(prefix) }] };
		}),
		dirs: new Map(),
		files: new Map(),
		etcdctlPresent: false,
		hasData: false,
		listening,
		clock: 0,
		memTotalKiB: 2_000_000,
		dataFreeKiB: 10_000_000,
	};
}

/** The lab's shape: eth0 for SSH, wg0 for the cluster; sshd on 22 everywhere. */
export const FACTS: ReadonlyMap<string, HostFacts> = new Map(
	HOSTS.map((h, i) => [
		h.name,
		hostFacts({ lo: '127.0.0.1/8', eth0: `${h.address}/24`, wg0: `10.88.0.1${i + 1}/24` }, [
			{ port: 22, address: '0.0.0.0', process: 'sshd' },
		]),
	]),
);

/** FACTS with some hosts' facts replaced. */
export function factsWith(
	changes: Readonly<Record<string, HostFacts>>,
): ReadonlyMap<string, HostFacts> {
	return new Map([...FACTS, ...Object.entries(changes)]);
}

/** FACTS with `host` left without any network interface. */
export function factsWithoutInterfaces(host: string): ReadonlyMap<string, HostFacts> {
	const facts = FACTS.get(host);
	if (!facts) throw new Error(`no facts of ${host} in FACTS`);
	return factsWith({ [host]: { ...facts, interfaces: [] } });
}

/** A health report of the hosts, all healthy unless `sick` names one. */
export function healthOf(names: readonly string[], sick?: string): ClusterHealth {
	const members = names.map((name, i) => ({
		name,
		endpoint: `https://10.88.0.1${i + 1}:2379`,
		id: `a${i}`,
		version: '3.6.14',
		dbSize: 20480,
		dbSizeInUse: 16384,
		isLeader: i === 0,
		isLearner: false,
		raftTerm: 2,
		raftIndex: 11,
		raftAppliedIndex: 11,
		errors: [],
		alarms: [],
		healthy: name !== sick,
		latencyMs: 1.5,
		error: name === sick ? `${name} did not answer within 5s` : null,
	}));
	return {
		cluster: {
			name: 'homelab',
			healthy: sick === undefined,
			quorum: true,
			leader: names[0] ?? null,
			clusterId: '8a2922646e4b26d7',
			members: names.length,
		},
		members,
	};
}

/** A failed reachability check: etcd1 cannot reach etcd2's peer port. */
export const BLOCKED_PEER: CheckResult = {
	check: 'reach',
	host: 'etcd2',
	from: 'etcd1',
	port: 2380,
	verdict: 'fail',
	reason: 'etcd1 cannot reach etcd2:2380 (timeout)',
	fix: 'open TCP 2380 on etcd2',
};

/**
 * A preflight report: every check passed, round trips measured at most `rttMs` (etcd1 ->
 * etcd3; null: none measured), plus the `findings` given (warnings or failures).
 */
export function reportOf(rttMs: number | null, findings: readonly CheckResult[] = []): CheckReport {
	const checks: CheckResult[] = [
		{ check: 'ssh', host: 'etcd1', verdict: 'pass', reason: 'ssh and sudo work', fix: null },
		...findings,
	];
	return {
		cluster: 'homelab',
		ok: !checks.some((c) => c.verdict === 'fail'),
		checks,
		tuning: {
			rttMs,
			between: rttMs === null ? null : ['etcd1', 'etcd3'],
			recommended: recommendTiming(rttMs),
			current: { heartbeatMs: 100, electionTimeoutMs: 1000 },
		},
	};
}

/** Folds `actions` into `state`. */
export function fold(state: WizardState, ...actions: WizardAction[]): WizardState {
	return actions.reduce(wizardReducer, state);
}

/**
 * A state at `step` with sensible answers: homelab, three hosts, facts gathered (from the
 * connect step on), the key file and release defaults.
 */
export function stateAt(step: StepId, env: WizardEnv = ENV): WizardState {
	const base = initialWizardState(env);
	const connected = STEPS.indexOf(step) > STEPS.indexOf('connect');
	return {
		...base,
		step,
		answers: { ...base.answers, name: 'homelab', hosts: HOSTS },
		...(connected
			? { facts: FACTS, connect: { ...base.connect, status: 'done' as const, attempt: 1 } }
			: {}),
	};
}
