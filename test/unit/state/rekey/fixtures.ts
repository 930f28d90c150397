import { summarizeCluster } from '../../../../source/health/index.js';
import type { InventoryEntry, RekeyResult } from '../../../../source/rekey/types.js';
import { initialRekeyState, rekeyReducer } from '../../../../source/state/rekey/reducer.js';
import type {
	IssuedClient,
	RekeyAction,
	RekeyEffects,
	RekeyMode,
	RekeyOverview,
	RekeyState,
} from '../../../../source/state/rekey/types.js';
import type { HostsReach } from '../../../../source/state/shared/types.js';
import { healthyCheck, unreachableCheck } from '../../health/fixtures.js';

/** The clock of every re-key test. */
export const T0 = 1_700_000_000_000;
export const HOSTS = ['etcd1', 'etcd2', 'etcd3'] as const;
export const CA_PRINT = `AB:CD:EF:01:23:45:${'00:'.repeat(25)}FF`;

/** A certificate as the inventory lists it; a host's files are the local copy unless told. */
export function entry(
	location: string,
	file: string,
	change: Partial<InventoryEntry> = {},
): InventoryEntry {
	const name = file.split('/').at(-1) ?? file;
	const isCa = name.startsWith('ca');
	const who =
		location === 'local' ? (name.replace('.crt', '') === 'admin' ? 'admin' : 'x') : location;
	return {
		location,
		file,
		subject: isCa ? 'CN=lab etcd CA' : `CN=${who}`,
		sans: name === 'server.crt' ? ['10.88.0.11', '127.0.0.1', location, 'localhost'] : [],
		serial: `5e${location}${name}`.replace(/[^0-9a-f]/g, '0').padEnd(32, '7'),
		issuer: 'CN=lab etcd CA',
		issuerFingerprint: CA_PRINT,
		notAfter: isCa ? '2033-11-11T22:13:20.000Z' : '2024-11-13T22:13:20.000Z',
		daysLeft: isCa ? 3649 : 364,
		matchesLocal: location === 'local' ? null : true,
		...change,
	};
}

/** Three hosts as apply leaves them, then the local CA and admin certificate. */
export const ENTRIES: readonly InventoryEntry[] = [
	...HOSTS.flatMap((host) =>
		['ca.crt', 'server.crt', 'peer.crt'].map((file) => entry(host, `/etc/etcd/${file}`)),
	),
	entry('local', 'pki/ca.crt', { subject: 'CN=lab etcd CA' }),
	entry('local', 'pki/admin.crt'),
];

export const OVERVIEW: RekeyOverview = {
	inventory: { entries: ENTRIES, problems: [] },
	members: [...HOSTS],
	problems: [],
	caProblems: [],
};

/** The result of a run: every member presents new serials; the cluster healthy unless told. */
export function resultOf(mode: RekeyMode, healthy = true): RekeyResult {
	const checks = [
		healthyCheck(0),
		healthyCheck(1),
		healthy ? healthyCheck(2) : unreachableCheck(2),
	];
	return {
		mode,
		caFingerprint: CA_PRINT,
		members: HOSTS.map((name, i) => ({
			name,
			serverSerial: `${i + 1}a`.repeat(16),
			peerSerial: `${i + 1}b`.repeat(16),
		})),
		restarted: mode === 'ca' ? [...HOSTS, ...HOSTS] : [],
		health: summarizeCluster('lab', checks),
	};
}

/** The screen as it opens, with the command line's choice: the SSH key being checked. */
export const unchecked = (start: { ca?: boolean; members?: string[] } = {}) =>
	initialRekeyState({ cluster: 'lab', hosts: [...HOSTS], at: T0, ...start });

/** The key opened without a passphrase: connecting to every host (attempt 1). */
export const opening = (start: { ca?: boolean; members?: string[] } = {}) =>
	rekeyReducer(unchecked(start), { type: 'key-checked', check: { status: 'ok' }, at: T0 });

/** Applies the actions in turn. */
export const apply = (state: RekeyState, ...actions: RekeyAction[]) =>
	actions.reduce(rekeyReducer, state);

/** Connected: the inventory of `overview` on screen. */
export const connected = (overview = OVERVIEW, start = {}) =>
	apply(opening(start), { type: 'prepared', attempt: 1, overview });

/** A client certificate as the effects return it. */
export function issuedClient(name: string, days = 30): IssuedClient {
	return {
		issued: {
			name,
			certFile: `/home/ops/lab/pki/clients/${name}.crt`,
			keyFile: `/home/ops/lab/pki/clients/${name}.key`,
			caFile: '/home/ops/lab/pki/ca.crt',
			subject: `CN=${name}`,
			serial: '4c1e0d'.padEnd(32, '9'),
			notAfter: '2023-12-14T22:13:20.000Z',
			cappedByCa: false,
			caFingerprint: CA_PRINT,
		},
		entry: entry('local', `pki/clients/${name}.crt`, {
			subject: `CN=${name}`,
			daysLeft: days - 1,
			notAfter: '2023-12-14T22:13:20.000Z',
		}),
	};
}

/** A promise and its settle functions, to let a test decide when an effect ends. */
export interface Deferred<T> {
	readonly promise: Promise<T>;
	readonly resolve: (value: T) => void;
	readonly reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
	let resolve: (value: T) => void = () => {};
	let reject: (error: unknown) => void = () => {};
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/**
 * Effects whose results the test settles; what they were asked is recorded. The key opens
 * without a passphrase unless `checkKey` says otherwise.
 */
export function fakeRekeyEffects(
	checkKey: RekeyEffects['checkKey'] = async () => ({ status: 'ok' }),
) {
	const calls = {
		keyChecks: [] as (string | undefined)[],
		prepares: [] as (HostsReach & { readonly passphrase?: string })[],
		rekeys: [] as { mode: RekeyMode; members: readonly string[]; signal: AbortSignal }[],
		issues: [] as { name: string; days: number; overwrite: boolean }[],
	};
	/** One deferred per call, in call order, for prepare and issueClient; one run. */
	const pending = {
		prepares: [] as Deferred<RekeyOverview>[],
		rekey: deferred<RekeyResult>(),
		issues: [] as Deferred<IssuedClient>[],
	};
	const next = <T>(list: Deferred<T>[]) => {
		const call = deferred<T>();
		list.push(call);
		return call.promise;
	};
	const effects: RekeyEffects = {
		checkKey(passphrase) {
			calls.keyChecks.push(passphrase);
			return checkKey(passphrase);
		},
		prepare(reach) {
			calls.prepares.push(reach);
			return next(pending.prepares);
		},
		plan: (mode, members) =>
			mode === 'ca'
				? 'rekey --ca: a new CA for cluster lab, and every certificate from it'
				: `rekey: new server and peer certificates for ${members.join(', ')} from the same CA; no restart`,
		rekey(mode, members, reach) {
			calls.rekeys.push({ mode, members, signal: reach.signal });
			const run = pending.rekey.promise;
			reach.signal.addEventListener('abort', () => {
				const error = new Error('aborted');
				error.name = 'AbortError';
				pending.rekey.reject(error);
			});
			return run;
		},
		issueClient(request) {
			calls.issues.push(request);
			return next(pending.issues);
		},
	};
	return { effects, calls, pending };
}
