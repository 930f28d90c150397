import { X509Certificate } from 'node:crypto';
import { RefusedError } from '../events/refused.js';
import type { EmitEvent } from '../events/run-event.js';
import { readLocalPki } from './local-pki.js';
import type { PreparedRekey } from './prepare.js';
import { renewMembers } from './renew.js';
import { rotateCa } from './rotate-ca.js';
import { adminIdentity, startRun } from './run-context.js';
import type { RekeyResult } from './types.js';

/** What to re-key. */
export interface RekeyOptions {
	/** Rotate the CA (every certificate is replaced); otherwise renew member certificates. */
	readonly ca: boolean;
	/** A renewal of these members only (default: every member). */
	readonly members?: readonly string[];
	readonly emit: EmitEvent;
	readonly signal?: AbortSignal;
	/** The moment that names the backup dir; default now. */
	readonly now?: Date;
}

/**
 * Renews member certificates (same CA, no restart) or rotates the CA (two health-gated
 * rolling restarts), then checks the cluster's health with the local PKI as it now is.
 * Throws RefusedError, touching nothing, when the preparation found problems.
 */
export async function rekeyCluster(
	prepared: PreparedRekey,
	options: RekeyOptions,
): Promise<RekeyResult> {
	if (prepared.problems.length > 0) throw new RefusedError(prepared.problems);
	const names = selectedMembers(prepared, options.members);
	const run = await startRun(prepared, options);
	const done: Pick<RekeyResult, 'members' | 'adminSerial'> & { restarted?: readonly string[] } =
		options.ca ? await rotateCa(run) : await renewMembers(run, names);
	options.emit({ type: 'phase', title: 'Health' });
	const local = await readLocalPki(prepared.local.dir, []);
	// The work is done: a Ctrl-C now does not turn a finished run into a stopped one.
	const health = await run.steadyProbe.check(adminIdentity(local.ca.certPem, local.admin));
	return {
		mode: options.ca ? 'ca' : 'renew',
		caFingerprint: new X509Certificate(local.ca.certPem).fingerprint256,
		members: done.members,
		restarted: done.restarted ?? [],
		...(done.adminSerial ? { adminSerial: done.adminSerial } : {}),
		health,
	};
}

/** The members a run covers: those asked for (each must be a member), else all. */
export function selectedMembers(
	prepared: Pick<PreparedRekey, 'members'>,
	asked: readonly string[] | undefined,
): string[] {
	const all = prepared.members.map((m) => m.name);
	if (!asked || asked.length === 0) return all;
	const unknown = asked.filter((name) => !all.includes(name));
	if (unknown.length > 0) {
		throw new Error(
			`${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the cluster file (members: ${all.join(', ')})`,
		);
	}
	return all.filter((name) => asked.includes(name));
}
