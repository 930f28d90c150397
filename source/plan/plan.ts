import { createHash } from 'node:crypto';
import type { ClusterSpec } from '../cluster/types.js';
import type { Problem } from '../events/refused.js';
import { etcdConfigPath } from '../render/etcd-config.js';
import type { DesiredFile } from '../render/node-files.js';
import { UNIT_PATH } from '../render/service-unit.js';
import type { HostFacts, PathStat } from '../shell/facts.js';
import { releaseArch } from '../shell/facts.js';
import { lineDiff } from './diff.js';
import { noAddressMessage } from './member-address.js';

export interface FileChange {
	readonly file: DesiredFile;
	/** Why it is written: missing, content, mode or owner. */
	readonly reason: string;
	/** Unified-style line diff for files that are not secret and exist. */
	readonly diff?: string;
}

export type PlannedStep =
	| { readonly kind: 'create-group'; readonly group: string; readonly gid?: number }
	| {
			readonly kind: 'create-user';
			readonly user: string;
			readonly group: string;
			readonly home: string;
			readonly uid?: number;
	  }
	| {
			readonly kind: 'ensure-dir';
			readonly path: string;
			readonly mode: number;
			readonly owner: string;
			readonly group: string;
			readonly reason: string;
	  }
	| {
			readonly kind: 'install-etcd';
			readonly version: string;
			readonly arch: string;
			readonly from?: string;
			/** Why what the hosts fetch is not really verified (see releaseWarning). */
			readonly warning?: string;
	  }
	| { readonly kind: 'write-files'; readonly changes: readonly FileChange[] }
	| { readonly kind: 'daemon-reload' }
	| { readonly kind: 'enable' };

/** What happens to the etcd service of a node once its files are in place. */
export type Activation =
	| { readonly kind: 'none' }
	| { readonly kind: 'start'; readonly reason: string }
	| { readonly kind: 'restart'; readonly reason: string };

export interface NodePlan {
	readonly node: string;
	readonly address: string;
	readonly steps: readonly PlannedStep[];
	readonly activation: Activation;
}

export interface ClusterPlan {
	readonly nodes: readonly NodePlan[];
	/** True when no member has data yet: all start together with initial-cluster-state new. */
	readonly bootstrap: boolean;
	readonly problems: readonly Problem[];
}

export interface PlanInput {
	readonly spec: ClusterSpec;
	readonly facts: ReadonlyMap<string, HostFacts>;
	readonly desired: ReadonlyMap<string, readonly DesiredFile[]>;
	/** This cluster's initial-cluster-token: data under another token belongs to another cluster. */
	readonly token: string;
}

/** Pure: from the cluster file, what each host has and what it must have, to the steps. */
export function planCluster(input: PlanInput): ClusterPlan {
	const { spec, facts } = input;
	const problems: Problem[] = [];
	const withData = spec.hosts.filter((h) => facts.get(h.name)?.hasData).map((h) => h.name);
	const bootstrap = withData.length === 0;
	if (!bootstrap && withData.length < spec.hosts.length) {
		const empty = spec.hosts.filter((h) => !withData.includes(h.name)).map((h) => h.name);
		problems.push({
			host: empty.join(', '),
			message: `${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no etcd data while ${withData.join(', ')} ${withData.length === 1 ? 'has' : 'have'}: adding members to a running cluster is not supported yet`,
			hint: 'remove the new hosts from the cluster file, or bootstrap them as a separate cluster',
		});
	}
	const nodes: NodePlan[] = [];
	for (const host of spec.hosts) {
		const hostFacts = facts.get(host.name);
		if (!hostFacts) {
			problems.push({
				host: host.name,
				message: `no facts were gathered from ${host.name}`,
				hint: 'check that the host is reachable over SSH',
			});
			continue;
		}
		problems.push(...hostProblems(spec, host.name, hostFacts, input.token));
		nodes.push(planNode(spec, host, hostFacts, input.desired.get(host.name) ?? []));
	}
	return { nodes, bootstrap, problems };
}

function hostProblems(spec: ClusterSpec, name: string, facts: HostFacts, token: string): Problem[] {
	const problems: Problem[] = [];
	if (!facts.systemd) {
		problems.push({
			host: name,
			message: `${name} does not run systemd (no /run/systemd/system)`,
			hint: 'etcd-wizard installs etcd as a systemd service; use a host booted with systemd',
		});
	}
	if (!releaseArch(facts.arch)) {
		problems.push({
			host: name,
			message: `${name} is ${facts.arch || 'an unknown architecture'}: etcd ships no release for it`,
			hint: 'use an amd64, arm64, ppc64le or s390x host',
		});
	}
	const iface = facts.interfaces.find((i) => i.name === spec.etcd.interface);
	if (!iface) {
		const present = facts.interfaces.map((i) => i.name).join(', ');
		problems.push({
			host: name,
			message: `${name} has no interface ${spec.etcd.interface} (it has: ${present})`,
			hint: `bring ${spec.etcd.interface} up on ${name}, or set etcd.interface in the cluster file to one every host has`,
		});
	} else if (iface.ipv4.length === 0) {
		problems.push({
			host: name,
			message: noAddressMessage(spec, name),
			hint: `give ${spec.etcd.interface} an address on ${name}; etcd binds to it`,
		});
	}
	if (facts.hasData) {
		const config = facts.files.get(etcdConfigPath(spec))?.content;
		const found = config ? /^initial-cluster-token:\s*"?([^"\s]+)"?/m.exec(config)?.[1] : undefined;
		if (found !== token) {
			problems.push({
				host: name,
				message: `${name} already has etcd data in ${spec.etcd.dataDir} from another cluster (${found ? `token ${found}` : 'not made by this cluster file'})`,
				hint: `etcd-wizard never wipes a data dir: back it up and move it away on ${name}, or remove ${name} from the cluster file`,
			});
		}
	}
	return problems;
}

function planNode(
	spec: ClusterSpec,
	host: { readonly name: string; readonly address: string },
	facts: HostFacts,
	desired: readonly DesiredFile[],
): NodePlan {
	const { etcd } = spec;
	const steps: PlannedStep[] = [];
	if (facts.groupId === undefined) {
		steps.push({ kind: 'create-group', group: etcd.group, ...optional('gid', etcd.gid) });
	}
	if (facts.userId === undefined) {
		steps.push({
			kind: 'create-user',
			user: etcd.user,
			group: etcd.group,
			home: etcd.dataDir,
			...optional('uid', etcd.uid),
		});
	}
	const dirs = [
		{ path: etcd.confDir, mode: 0o750, owner: 'root', group: etcd.group },
		{ path: etcd.dataDir, mode: 0o700, owner: etcd.user, group: etcd.group },
	];
	for (const dir of dirs) {
		const reason = statDifference(dir, facts.dirs.get(dir.path));
		if (reason) steps.push({ kind: 'ensure-dir', ...dir, reason });
	}
	const installBinary = facts.etcdVersion !== etcd.version || !facts.etcdctlPresent;
	if (installBinary) {
		steps.push({
			kind: 'install-etcd',
			version: etcd.version,
			arch: releaseArch(facts.arch) ?? facts.arch,
			...optional('from', facts.etcdVersion),
			...optional('warning', releaseWarning(etcd)),
		});
	}
	const changes = desired.flatMap((file) => fileChange(file, facts) ?? []);
	if (changes.length > 0) steps.push({ kind: 'write-files', changes });
	const unitChanged = changes.some((c) => c.file.path === UNIT_PATH);
	if (unitChanged && !unitNeverLoaded(facts)) steps.push({ kind: 'daemon-reload' });
	if (unitChanged || facts.unit?.unitFileState !== 'enabled') steps.push({ kind: 'enable' });
	return {
		node: host.name,
		address: host.address,
		steps,
		activation: activation(spec, facts, changes, installBinary),
	};
}

/**
 * Why the release each host downloads is not really verified, or undefined: a SHA256SUMS
 * fetched over plain HTTP with no etcd.sha256 pinned. A tarball over HTTP checked against an
 * HTTPS SHA256SUMS, a pinned digest and a local tarball are verified.
 */
export function releaseWarning(etcd: ClusterSpec['etcd']): string | undefined {
	const sums = etcd.checksumUrl;
	if (etcd.tarball !== undefined || etcd.sha256 !== undefined || !sums) return undefined;
	if (!/^http:\/\//i.test(sums)) return undefined;
	return `SHA256SUMS comes over plain HTTP (${sums}), which protects nothing: whoever can change the tarball on the way can change its checksum too; pin the tarball's digest with etcd.sha256`;
}

function activation(
	spec: ClusterSpec,
	facts: HostFacts,
	changes: readonly FileChange[],
	installBinary: boolean,
): Activation {
	if (facts.unit?.activeState !== 'active') {
		// Said after the install step has run, so name the state, not what was missing before.
		const reason = facts.unit ? `etcd is ${facts.unit.activeState}` : 'first start';
		return { kind: 'start', reason };
	}
	// etcd re-reads its leaf certificates on every handshake, but the config, the unit, the
	// binary and the trusted CA file only at start.
	const needsRestart = new Set([etcdConfigPath(spec), UNIT_PATH, `${spec.etcd.confDir}/ca.crt`]);
	// A mode or owner fix (reason "mode 644 -> 640", "owner a:b -> c:d") changes no byte etcd reads.
	const reasons = changes
		.filter((c) => needsRestart.has(c.file.path) && NEW_BYTES.has(c.reason))
		.map((c) => `${c.file.path} changed`);
	if (installBinary) reasons.push(`etcd ${facts.etcdVersion ?? '?'} -> ${spec.etcd.version}`);
	return reasons.length > 0 ? { kind: 'restart', reason: reasons.join(', ') } : { kind: 'none' };
}

/** The reasons of a FileChange that put new bytes on the host (the others fix a mode or owner). */
const NEW_BYTES: ReadonlySet<string> = new Set(['missing', 'content']);

function fileChange(file: DesiredFile, facts: HostFacts): FileChange | undefined {
	const current = facts.files.get(file.path);
	if (!current) return { file, reason: 'missing' };
	const wantedHash = sha256Hex(file.content);
	if (current.sha256 !== wantedHash) {
		const diff =
			file.secret || current.content === undefined
				? undefined
				: lineDiff(current.content, file.content, file.path);
		return { file, reason: 'content', ...(diff ? { diff } : {}) };
	}
	const stat = statDifference(file, current);
	return stat ? { file, reason: stat } : undefined;
}

function statDifference(
	wanted: { readonly mode: number; readonly owner: string; readonly group: string },
	current: PathStat | undefined,
): string | undefined {
	if (!current) return 'missing';
	if (Number.parseInt(current.mode, 8) !== wanted.mode) {
		return `mode ${current.mode} -> ${wanted.mode.toString(8)}`;
	}
	if (current.owner !== wanted.owner || current.group !== wanted.group) {
		return `owner ${current.owner}:${current.group} -> ${wanted.owner}:${wanted.group}`;
	}
	return undefined;
}

/** `{key: value}`, or nothing when value is undefined (optional fields stay absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
	return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** True when the plan would change nothing on any host. */
export function isNoop(plan: ClusterPlan): boolean {
	return plan.nodes.every((n) => n.steps.length === 0 && n.activation.kind === 'none');
}

/** The systemd release from which a unit file that appears after a lookup is loaded unasked. */
const LOADS_NEW_UNITS_FROM = 252;

/**
 * Whether systemd has no etcd.service loaded (none packaged, none written yet) and is recent
 * enough to read a new unit file when first asked for it: then daemon-reload, a reload of every
 * unit on the host, is not needed. Older systemd, or a unit it knows, is reloaded.
 */
function unitNeverLoaded(facts: HostFacts): boolean {
	return facts.unitLoadState === 'not-found' && (facts.systemdVersion ?? 0) >= LOADS_NEW_UNITS_FROM;
}
