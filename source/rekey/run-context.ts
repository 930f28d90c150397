import { posix } from 'node:path';
import type { EmitEvent } from '../events/run-event.js';
import type { ClusterProbe } from '../health/cluster-probe.js';
import { clusterProbe } from '../health/cluster-probe.js';
import type { ClientIdentity } from '../health/index.js';
import { connectionTo } from '../health/ssh-dial.js';
import { type CertAndKey, inspectCertificate, type MemberMaterial } from '../pki/index.js';
import { noAddressMessage } from '../plan/member-address.js';
import { desiredNodeFiles, loadTemplates } from '../render/index.js';
import { nodeStep } from '../run/node-step.js';
import type { StandContext } from './abort-report.js';
import { RekeyAbortedError, RekeyStoppedError } from './errors.js';
import {
	backupDirName,
	type MemberFileName,
	MemberFiles,
	type NewMemberFile,
} from './host-files.js';
import type { PreparedRekey } from './prepare.js';
import { waitUntilServed } from './served.js';

/** A member takes about a second to answer after a change; polling often saves most of one. */
const HEALTH_POLL_MS = 250;
/** How long a member gets to present a certificate just moved in place (it does at once). */
const SERVE_DEADLINE_MS = 15_000;
/** How long the cluster gets to be healthy again after a member's certificates changed. */
const SETTLE_MS = 30_000;

/** Everything the steps of one rekey run share. */
export interface RekeyRun {
	readonly prepared: PreparedRekey;
	readonly emit: EmitEvent;
	readonly signal?: AbortSignal;
	/** Health checks that the signal cuts short. */
	readonly probe: ClusterProbe;
	/** The same checks, not cut short: for a member whose change has begun (see `committed`). */
	readonly steadyProbe: ClusterProbe;
	/** `<confDir>/backup-<time>` on every host, kept until the run succeeds. */
	readonly backupDir: string;
	/** A member's files on its host. */
	files(node: string): MemberFiles;
	/** A file with the content given and the mode and owner apply gives it. */
	file(name: MemberFileName, content: string): NewMemberFile;
	/** A member's file as it was when the run began. */
	original(node: string, name: MemberFileName): string | undefined;
}

/** Sets up a run: backup dir name, health probe, file modes as apply renders them. */
export async function startRun(
	prepared: PreparedRekey,
	options: { emit: EmitEvent; signal?: AbortSignal; now?: Date },
): Promise<RekeyRun> {
	const { spec, members, connections, facts } = prepared;
	const { signal } = options;
	const confDir = spec.etcd.confDir;
	const backupDir = posix.join(confDir, backupDirName(options.now ?? new Date()));
	const first = members[0];
	if (!first) throw new Error('the cluster file lists no host');
	// Modes and owners come from the renderer apply uses, so the two never disagree.
	const rendered = desiredNodeFiles(
		await loadTemplates(),
		spec,
		first,
		members,
		{ caCert: '', serverCert: '', serverKey: '', peerCert: '', peerKey: '' },
		'new',
		'',
	);
	const attributes = new Map(rendered.map((f) => [posix.basename(f.path), f]));
	const files = new Map(
		members.map((m) => [
			m.name,
			new MemberFiles(connectionTo(connections, m.name), confDir, backupDir),
		]),
	);
	const probe = (cut?: AbortSignal) =>
		clusterProbe(spec, members, connections, {
			intervalMs: HEALTH_POLL_MS,
			...(cut ? { signal: cut } : {}),
		});
	return {
		prepared,
		emit: options.emit,
		...(signal ? { signal } : {}),
		probe: probe(signal),
		steadyProbe: probe(),
		backupDir,
		files: (node) => {
			const found = files.get(node);
			if (!found) throw new Error(`${node} is not a member of this cluster`);
			return found;
		},
		file: (name, content) => {
			const attrs = attributes.get(name);
			if (!attrs) throw new Error(`internal: apply renders no ${name}`);
			return { name, content, mode: attrs.mode, owner: attrs.owner, group: attrs.group };
		},
		original: (node, name) => facts.get(node)?.files.get(posix.join(confDir, name))?.content,
	};
}

/**
 * The run as a member's change sees it once begun: no signal, so Ctrl-C does not cut its steps
 * short. The member is finished (files in, restarted, cluster healthy) or, on a failure, put
 * back; the caller checks the signal between members. A second Ctrl-C still quits at once.
 */
export function committed(run: RekeyRun): RekeyRun {
	const { signal: _ignored, ...rest } = run;
	return { ...rest, probe: run.steadyProbe };
}

/** Whether `error` is the run's signal cutting work short (not a failure of the work itself). */
export function abortedBy(run: RekeyRun, error: unknown): boolean {
	if (error instanceof RekeyStoppedError || error instanceof RekeyAbortedError) return false;
	return run.signal?.aborted === true;
}

/** What a stand report needs of the run; the backup dir only if the run kept files there. */
export function standContext(run: RekeyRun): StandContext {
	const names = run.prepared.members.map((m) => m.name);
	const kept = names.some((name) => run.files(name).keptAny());
	return {
		names,
		pkiDir: run.prepared.local.dir,
		...(kept ? { backupDir: run.backupDir } : {}),
	};
}

/** The operator's client identity for health checks, trusting `caCert` (one CA or a bundle). */
export function adminIdentity(caCert: string, admin: CertAndKey): ClientIdentity {
	return { caCert, cert: admin.certPem, key: admin.keyPem };
}

/** A member's four leaf files with new content. */
function leafFiles(run: RekeyRun, material: MemberMaterial): NewMemberFile[] {
	return [
		run.file('server.key', material.serverKey),
		run.file('server.crt', material.serverCert),
		run.file('peer.key', material.peerKey),
		run.file('peer.crt', material.peerCert),
	];
}

/** Waits until the member presents `server` on its client port and `peer` on its peer port. */
export async function waitServing(
	run: RekeyRun,
	node: string,
	certs: { readonly server: string; readonly peer: string },
	identity: ClientIdentity,
): Promise<void> {
	const { spec, members, connections } = run.prepared;
	const ip = members.find((m) => m.name === node)?.clusterIp;
	if (!ip) throw new Error(noAddressMessage(spec, node));
	const connection = connectionTo(connections, node);
	const ports = [
		['client', spec.etcd.clientPort, certs.server],
		['peer', spec.etcd.peerPort, certs.peer],
	] as const;
	await Promise.all(
		ports.map(([kind, port, pem]) =>
			waitUntilServed(
				{
					label: `${node} ${kind} port ${ip}:${port}`,
					dial: () => connection.forwardOut(ip, port),
					identity,
					serial: inspectCertificate(pem).serial,
				},
				{ deadlineMs: SERVE_DEADLINE_MS, ...(run.signal ? { signal: run.signal } : {}) },
			),
		),
	);
}

/** Removes this run's backups from every member, once the whole run has succeeded. */
export async function dropBackups(run: RekeyRun): Promise<void> {
	await Promise.all(
		run.prepared.members.map((m) =>
			nodeStep(run.emit, m.name, 'cleanup', `Remove ${run.backupDir}`, () =>
				run.files(m.name).dropBackups(run.signal),
			),
		),
	);
}

/** Keeps the member's files under `stage`, then moves the new ones in together. */
export async function changeFiles(
	run: RekeyRun,
	node: string,
	stage: string,
	files: readonly NewMemberFile[],
): Promise<void> {
	const memberFiles = run.files(node);
	await nodeStep(
		run.emit,
		node,
		'backup',
		`Keep the current files in ${run.backupDir}/${stage}`,
		() => memberFiles.backup(stage, run.signal),
	);
	const names = files.map((f) => f.name).join(', ');
	await nodeStep(run.emit, node, 'files', `Move the new ${names} in`, () =>
		memberFiles.replace(files, run.signal),
	);
}

/** What a no-restart change of leaf certificates is checked with. */
export interface LeafCheck {
	/** Trusts the CA the new certificates come from. */
	readonly present: ClientIdentity;
	/** For the health check: trusted by the members and trusting what they present. */
	readonly health: ClientIdentity;
	readonly want: 'all' | 'quorum';
}

/**
 * The change of a renewal and of a rotation's second phase, no restart: files kept and moved
 * in, both ports checked for the new certificates, the cluster checked for health.
 */
export async function moveLeavesIn(
	run: RekeyRun,
	node: string,
	stage: string,
	material: MemberMaterial,
	extra: readonly NewMemberFile[],
	check: LeafCheck,
): Promise<void> {
	await changeFiles(run, node, stage, [...leafFiles(run, material), ...extra]);
	const certs = { server: material.serverCert, peer: material.peerCert };
	await nodeStep(
		run.emit,
		node,
		'serving',
		'Check that both ports present the new certificates',
		() => waitServing(run, node, certs, check.present),
	);
	await nodeStep(run.emit, node, 'healthy', 'Wait until the cluster is healthy', () =>
		run.probe.healthy(check.health, check.want, SETTLE_MS),
	);
}
