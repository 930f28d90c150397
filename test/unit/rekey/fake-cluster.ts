import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import type { RunEvent } from '../../../source/events/run-event.js';
import { type MemberMaterial, writeMemberMaterial } from '../../../source/pki/index.js';
import { ADMIN_FILES, CA_FILES, writePair } from '../../../source/pki/store.js';
import { readLocalPki } from '../../../source/rekey/local-pki.js';
import { type PreparedRekey, pendingRotation } from '../../../source/rekey/prepare.js';
import { type RekeyRun, startRun } from '../../../source/rekey/run-context.js';
import { CONF_DIR, FakeMember, fakeProbe } from './fake-hosts.js';
import {
	clusterIp,
	config,
	hostFacts,
	makePki,
	SLOW,
	SPEC,
	type TestPki,
	tempDirs,
} from './fixtures.js';

export const NAMES = ['etcd1', 'etcd2'] as const;

/** Two fake members and a PKI dir; `run` starts a rekey run over them as they are now. */
export interface FakeCluster {
	readonly hosts: Map<string, FakeMember>;
	readonly pkiDir: string;
	readonly events: RunEvent[];
	/** A run over the hosts' files and the PKI dir as they are now (as a new `rekey` sees them). */
	run(options?: RunOptions): Promise<RekeyRun>;
	host(name: string): FakeMember;
	close(): void;
}

export interface RunOptions {
	readonly signal?: AbortSignal;
	/** Called with each event as it is emitted (e.g. to abort at a given step). */
	readonly onEvent?: (event: RunEvent) => void;
}

/**
 * Registers a test file's hooks: one PKI made first (handed to `made`), and after each test the
 * fake clusters stopped and their dirs removed. Returns what starts a fake cluster from that PKI.
 */
export function fakeClusterHooks(made: (pki: TestPki) => void): () => Promise<FakeCluster> {
	const dirs = tempDirs();
	const started: FakeCluster[] = [];
	let pki: TestPki;
	beforeAll(async () => {
		pki = await makePki();
		made(pki);
	}, SLOW.timeout);
	afterEach(async () => {
		for (const cluster of started.splice(0)) cluster.close();
		await dirs.cleanup();
	});
	return async () => {
		const cluster = await fakeCluster(pki, dirs);
		started.push(cluster);
		return cluster;
	};
}

/** Two fake members as apply left them from `pki`, and a PKI dir with the same files. */
export async function fakeCluster(
	pki: TestPki,
	dirs: ReturnType<typeof tempDirs>,
): Promise<FakeCluster> {
	const pkiDir = await dirs.make();
	await writePair(pkiDir, CA_FILES, pki.ca);
	await writePair(pkiDir, ADMIN_FILES, pki.admin);
	const hosts = new Map<string, FakeMember>();
	for (const name of NAMES) {
		const material = pki.members.get(name) as MemberMaterial;
		await writeMemberMaterial(pkiDir, name, material);
		const host = new FakeMember(name, clusterIp(name), join(await dirs.make(), 'etc-etcd'));
		await host.start(pki.ca.certPem, material, config(name, pki.ca.certPem));
		hosts.set(name, host);
	}
	const events: RunEvent[] = [];
	const host = (name: string) => hosts.get(name) as FakeMember;
	return {
		hosts,
		pkiDir,
		events,
		host,
		close: () => {
			for (const h of hosts.values()) h.close();
		},
		run: async (options = {}) => {
			const local = await readLocalPki(pkiDir, NAMES);
			const facts = new Map(NAMES.map((name) => [name, factsNow(name, pki, host(name))]));
			const pending = pendingRotation(SPEC, facts, local);
			const prepared: PreparedRekey = {
				spec: SPEC,
				clusterFile: join(pkiDir, '..', 'cluster.yaml'),
				connections: hosts,
				facts,
				members: NAMES.map((name) => ({ name, clusterIp: clusterIp(name) })),
				local,
				inventory: { entries: [], problems: [] },
				problems: [],
				...(pending.length > 0 ? { pendingRotation: pending } : {}),
			};
			const started = await startRun(prepared, {
				emit: (e) => {
					events.push(e);
					options.onEvent?.(e);
				},
				...(options.signal ? { signal: options.signal } : {}),
				now: new Date('2026-11-21T23:38:12Z'),
			});
			return {
				...started,
				probe: fakeProbe(NAMES, undefined, options.signal),
				steadyProbe: fakeProbe(NAMES),
			};
		},
	};
}

/** A host's facts with the files it holds now. */
function factsNow(name: string, pki: TestPki, host: FakeMember) {
	const facts = hostFacts(name, pki);
	const files = new Map(
		[...facts.files].map(([path, f]) => [
			path,
			{ ...f, content: host.file(path.slice(CONF_DIR.length + 1)) },
		]),
	);
	return { ...facts, files };
}
