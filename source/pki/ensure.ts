import { stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { ensureDirectory } from '../cluster/atomic-file.js';
import { createCa, type LoadedCa, loadCa } from './ca.js';
import { daysBetween } from './certificate.js';
import { signLeaf } from './issue.js';
import { generateKeyPair } from './keys.js';
import { type LeafFiles, leafProblem, type TrustAnchor, trustAnchor } from './leaf-problems.js';
import { clientProfile, type LeafProfile, peerProfile, serverProfile } from './profiles.js';
import {
	ADMIN_FILES,
	assertOwnPkiDir,
	CA_FILES,
	DIR_MODE,
	KEY_MODE,
	MEMBERS_DIR,
	memberFiles,
	type PairFiles,
	readPair,
	tightenKeyMode,
	writePair,
} from './store.js';
import {
	type CertAndKey,
	DEFAULT_RENEW_BEFORE_DAYS,
	type MemberIdentity,
	type MemberMaterial,
	type PkiAction,
	type PkiBundle,
} from './types.js';

/** Options of `ensurePki`. */
export interface EnsurePkiOptions {
	/** The moment to check and issue at; defaults to the current time. */
	readonly now?: Date;
	/** Reissue leaves that expire within this many days (default 30). */
	readonly renewBeforeDays?: number;
	/** Lifetime of newly issued leaves in days (default 365). */
	readonly validityDays?: number;
	/**
	 * Plan only: read `pkiDir`, make what is missing in memory (signed with the CA read from it,
	 * or a new one), and write nothing: no file, no dir, no mode. Nothing secret is copied.
	 */
	readonly dryRun?: boolean;
}

/** One leaf certificate the cluster needs. */
interface Slot {
	readonly files: PairFiles;
	readonly profile: LeafProfile;
	readonly current: LeafFiles;
	/** Why it must be issued; undefined when the files on disk are kept. */
	readonly problem: string | undefined;
}

const NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * Makes `pkiDir` hold a CA, the admin client certificate and every member's server and peer
 * certificates, keeping what is still right and reissuing only what is not (each action says
 * why). A CA is created only when neither ca.crt nor ca.key exists; a broken CA is an error,
 * never replaced. Members no longer listed are left alone. With `dryRun` the same bundle and
 * actions come back and the disk is left as it was.
 */
export async function ensurePki(
	pkiDir: string,
	clusterName: string,
	members: readonly MemberIdentity[],
	options: EnsurePkiOptions = {},
): Promise<PkiBundle> {
	validateMembers(members);
	const now = options.now ?? new Date();
	const store = diskStore(pkiDir, options.dryRun === true);
	await assertOwnPkiDir(pkiDir);
	await store.makeDir('.');
	const actions: PkiAction[] = [];
	const { ca, anchor } = await resolveCa(store, clusterName, now, actions);
	const check = { now, renewBeforeDays: options.renewBeforeDays ?? DEFAULT_RENEW_BEFORE_DAYS };
	const wanted = wantedLeaves(members);
	const slots: Slot[] = await Promise.all(
		wanted.map(async ({ files, profile }) => {
			const current = await readPair(pkiDir, files);
			return { files, profile, current, problem: problemOf(anchor, current, profile, check) };
		}),
	);
	await store.makeDir(MEMBERS_DIR);
	await Promise.all(members.map((member) => store.makeDir(join(MEMBERS_DIR, member.name))));
	const issue = { now, ...(options.validityDays ? { validityDays: options.validityDays } : {}) };
	const pairs = await Promise.all(
		slots.map(async (slot): Promise<CertAndKey> => {
			const { certPem, keyPem } = slot.current;
			if (slot.problem === undefined && certPem !== undefined && keyPem !== undefined) {
				actions.push(...(await keptActions(store, slot.files)));
				return { certPem, keyPem };
			}
			// All keys generate at once (native, on the libuv pool), also while a new CA is made.
			const keys = await generateKeyPair();
			const pair = signLeaf(await ca, slot.profile, keys, issue);
			await store.writePair(slot.files, pair);
			actions.push(...issuedActions(slot));
			return pair;
		}),
	);
	return toBundle((await ca).certPem, members, pairs, sortActions(actions, wanted));
}

/**
 * The CA to sign with: the one on disk, checked, or (only when neither file exists) a new one,
 * made while the caller reads the leaves. `anchor` is set when leaves can be checked against it.
 */
async function resolveCa(
	store: Store,
	clusterName: string,
	now: Date,
	actions: PkiAction[],
): Promise<{ ca: Promise<LoadedCa>; anchor?: TrustAnchor }> {
	const existing = await loadExistingCa(store, now, actions);
	if (existing) return { ca: Promise.resolve(existing), anchor: trustAnchor(existing.certPem) };
	actions.push(
		{ file: CA_FILES.cert, action: 'created' },
		{ file: CA_FILES.key, action: 'created' },
	);
	const ca = createCa(clusterName, { now }).then(async (pair) => {
		await store.writePair(CA_FILES, pair);
		return loadCa(pair);
	});
	// Leaves await it only after their own keys; mark it handled so an early failure is not fatal.
	ca.catch(() => undefined);
	return { ca };
}

/** admin first, then each member's server and peer certificate, in the members' order. */
function wantedLeaves(
	members: readonly MemberIdentity[],
): Array<{ files: PairFiles; profile: LeafProfile }> {
	return [
		{ files: ADMIN_FILES, profile: clientProfile('admin') },
		...members.flatMap((member) => [
			{ files: memberFiles(member.name, 'server'), profile: serverProfile(member) },
			{ files: memberFiles(member.name, 'peer'), profile: peerProfile(member) },
		]),
	];
}

/** Puts the pairs, in `wantedLeaves` order, into the bundle. */
function toBundle(
	caCert: string,
	members: readonly MemberIdentity[],
	pairs: readonly CertAndKey[],
	actions: readonly PkiAction[],
): PkiBundle {
	const [admin, ...leaves] = pairs;
	if (!admin || leaves.length !== 2 * members.length) throw new Error('internal: pairs missing');
	const material = new Map<string, MemberMaterial>();
	members.forEach((member, index) => {
		const [server, peer] = leaves.slice(2 * index, 2 * index + 2);
		if (!server || !peer) throw new Error(`internal: no certificates for ${member.name}`);
		material.set(member.name, {
			serverCert: server.certPem,
			serverKey: server.keyPem,
			peerCert: peer.certPem,
			peerKey: peer.keyPem,
		});
	});
	return { caCert, members: material, adminCert: admin.certPem, adminKey: admin.keyPem, actions };
}

/** Checks member names and addresses before anything touches the disk. */
function validateMembers(members: readonly MemberIdentity[]): void {
	const seen = new Set<string>();
	for (const [index, member] of members.entries()) {
		if (!NAME_PATTERN.test(member.name)) {
			throw new Error(
				`hosts[${index}].name "${member.name}" cannot name a certificate: use letters, digits, '-' and '.', starting and ending with a letter or digit`,
			);
		}
		if (seen.has(member.name)) {
			throw new Error(`hosts[${index}].name "${member.name}" is used twice: names must be unique`);
		}
		seen.add(member.name);
		if (isIP(member.ip) === 0) {
			throw new Error(
				`member ${member.name}: "${member.ip}" is not an IP address (the address of the cluster interface)`,
			);
		}
	}
}

/** Loads and checks the CA on disk; undefined when there is none. Never replaces a CA. */
async function loadExistingCa(
	store: Store,
	now: Date,
	actions: PkiAction[],
): Promise<LoadedCa | undefined> {
	const { pkiDir } = store;
	const { certPem, keyPem } = await readPair(pkiDir, CA_FILES);
	const path = (file: string) => join(pkiDir, file);
	if (certPem === undefined && keyPem === undefined) return undefined;
	if (certPem === undefined || keyPem === undefined) {
		const [missing, present] =
			certPem === undefined ? [CA_FILES.cert, CA_FILES.key] : [CA_FILES.key, CA_FILES.cert];
		throw new Error(
			`${path(missing)} is missing but ${path(present)} exists: restore ${missing} from a backup. ` +
				`To start over with a new CA, move ${present} away (every certificate is then reissued).`,
		);
	}
	const ca = loadCa({ certPem, keyPem }, { cert: path(CA_FILES.cert), key: path(CA_FILES.key) });
	const info = trustAnchor(certPem).info;
	if (info.notBefore > now) {
		throw new Error(
			`${path(CA_FILES.cert)} is not valid before ${info.notBefore.toISOString()}: check this machine's clock`,
		);
	}
	if (info.notAfter <= now) {
		throw new Error(
			`${path(CA_FILES.cert)} expired ${-daysBetween(now, info.notAfter)} days ago: replace it with \`etcd-wizard rekey --ca\``,
		);
	}
	actions.push(...(await keptActions(store, CA_FILES)));
	return ca;
}

function problemOf(
	anchor: TrustAnchor | undefined,
	current: LeafFiles,
	profile: LeafProfile,
	check: { now: Date; renewBeforeDays: number },
): string | undefined {
	if (anchor) return leafProblem(anchor, current, profile, check);
	return current.certPem === undefined ? 'certificate missing' : 'a new CA was created';
}

async function keptActions(store: Store, files: PairFiles): Promise<PkiAction[]> {
	const tightened = await store.tightenKeyMode(files.key);
	const reason = store.dryRun ? 'mode to be narrowed to 0600' : 'mode narrowed to 0600';
	return [
		{ file: files.cert, action: 'kept' },
		tightened ? { file: files.key, action: 'kept', reason } : { file: files.key, action: 'kept' },
	];
}

/** What ensurePki changes in the pki dir; a dry run changes nothing and says what it would. */
interface Store {
	readonly pkiDir: string;
	readonly dryRun: boolean;
	/** Makes a dir (relative to the pki dir; '.' for itself) with DIR_MODE. */
	makeDir(dir: string): Promise<void>;
	writePair(files: PairFiles, pair: CertAndKey): Promise<void>;
	/** Narrows a key file to 0600; whether it had to (or, in a dry run, would have to). */
	tightenKeyMode(file: string): Promise<boolean>;
}

function diskStore(pkiDir: string, dryRun: boolean): Store {
	if (dryRun) {
		return {
			pkiDir,
			dryRun,
			makeDir: async () => {},
			writePair: async () => {},
			tightenKeyMode: async (file) => ((await stat(join(pkiDir, file))).mode & 0o777) !== KEY_MODE,
		};
	}
	return {
		pkiDir,
		dryRun,
		makeDir: (dir) => ensureDirectory(join(pkiDir, dir), DIR_MODE),
		writePair: (files, pair) => writePair(pkiDir, files, pair),
		tightenKeyMode: (file) => tightenKeyMode(join(pkiDir, file)),
	};
}

function issuedActions(slot: Slot): PkiAction[] {
	const reason = slot.problem ?? 'incomplete';
	const action = (file: string, existed: boolean): PkiAction =>
		existed ? { file, action: 'reissued', reason } : { file, action: 'created' };
	return [
		action(slot.files.cert, slot.current.certPem !== undefined),
		action(slot.files.key, slot.current.keyPem !== undefined),
	];
}

/** CA first, then admin, then members in the order given (work finishes in any order). */
function sortActions(
	actions: readonly PkiAction[],
	wanted: ReadonlyArray<{ files: PairFiles }>,
): PkiAction[] {
	const order = [CA_FILES, ...wanted.map((slot) => slot.files)].flatMap((f) => [f.cert, f.key]);
	return [...actions].sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
}
