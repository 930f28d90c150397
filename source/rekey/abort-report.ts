import type { EmitEvent } from '../events/run-event.js';
import { RekeyAbortedError } from './errors.js';

/** What a member is made to do in each phase of a CA rotation. */
export const GOALS = {
	both: 'to trust the old and the new CA',
	leaves: 'to present certificates of the new CA',
	only: 'to trust only the new CA',
} as const;

/** A phase of a CA rotation. */
export type Phase = keyof typeof GOALS;

const PHASE_NAMES: Record<Phase, string> = {
	both: 'phase 1 of 3 (trust the old and the new CA)',
	leaves: 'phase 2 of 3 (certificates from the new CA)',
	only: 'phase 3 of 3 (trust only the new CA)',
};

/** How far a rotation got: the phase under way and the members finished in it. */
export interface RotationProgress {
	readonly phase: Phase | 'start';
	readonly done: readonly string[];
}

/** What every stand report names besides the members' state. */
export interface StandContext {
	/** Every member the run covers, in order. */
	readonly names: readonly string[];
	/** The local PKI dir. */
	readonly pkiDir: string;
	/** `<confDir>/backup-<time>` on the hosts, when the run kept anything there. */
	readonly backupDir?: string;
}

/** Where things stand after a stop: lines for the operator, and what to run next. */
export interface Stand {
	readonly lines: readonly string[];
	readonly next: string;
}

const RERUN_CA = 'run `etcd-wizard rekey <cluster.yaml> --ca` again';

/**
 * Where a CA rotation stopped by Ctrl-C leaves the members and the local PKI. `rolledBack` are
 * the lines of a rollback done on the way out (phase 2 puts its members back). Pure.
 */
export function rotationStand(
	progress: RotationProgress,
	ctx: StandContext,
	rolledBack: readonly string[] = [],
): Stand {
	const { phase, done } = progress;
	const rest = ctx.names.filter((name) => !done.includes(name));
	const oldPki = `${ctx.pkiDir} is unchanged (the old CA); the new CA was discarded`;
	const over = `${RERUN_CA} (it starts over with another new CA), or \`etcd-wizard apply <cluster.yaml>\` to go back to the old CA alone`;
	if (phase === 'start') {
		return {
			lines: ['rekey --ca stopped (Ctrl-C) before any host was changed', oldPki],
			next: RERUN_CA,
		};
	}
	const head = `rekey --ca stopped (Ctrl-C) in ${PHASE_NAMES[phase]}; no member was left down or half-changed`;
	const backups = backupLines(ctx);
	if (phase === 'only') {
		return {
			lines: [
				head,
				...members(done, 'trust only the new CA (restarted, healthy)'),
				...members(rest, 'still trust the old and the new CA'),
				'every member presents certificates of the new CA',
				`${ctx.pkiDir} holds the new CA and a new admin certificate; the previous CA is kept as ca.prev.crt/ca.prev.key until the rotation finishes`,
				...backups,
			],
			next: `${RERUN_CA} to finish (${rest.join(', ') || 'no member'} restarted to trust only the new CA), or \`etcd-wizard apply <cluster.yaml>\``,
		};
	}
	const trust =
		phase === 'both'
			? [
					...members(done, 'trust the old and the new CA (restarted, healthy)'),
					...members(rest, 'unchanged, trust the old CA'),
				]
			: [...rolledBack, 'every member trusts the old and the new CA'];
	return {
		lines: [head, ...trust, 'every member presents certificates of the old CA', oldPki, ...backups],
		next: over,
	};
}

/** Where a renewal stopped by Ctrl-C leaves the members, the admin certificate and the PKI. Pure. */
export function renewalStand(
	renewed: readonly string[],
	ctx: StandContext,
	/** Whether the run covers every member (then it renews the admin certificate at the end). */
	every: boolean,
): Stand {
	const rest = ctx.names.filter((name) => !renewed.includes(name));
	const started = renewed.length > 0;
	return {
		lines: [
			`rekey stopped (Ctrl-C)${started ? '' : ' before any member was renewed'}; no member was left half-changed`,
			...members(renewed, `renewed (new certificates on the host and in ${ctx.pkiDir}/members/)`),
			...members(rest, 'not renewed, unchanged'),
			...(every
				? [`${ctx.pkiDir}/admin.crt was not renewed (it is renewed once every member is)`]
				: []),
			...backupLines(ctx),
		],
		next:
			started && rest.length > 0
				? `run \`etcd-wizard rekey <cluster.yaml>\` again, or renew only the rest: ${rest.map((n) => `--member ${n}`).join(' ')}`
				: 'run `etcd-wizard rekey <cluster.yaml>` again',
	};
}

/**
 * The error that ends a run stopped by Ctrl-C. The stand is also emitted as a log event, so the
 * plain and JSON reporters and the pane show it (the CLI prints a fixed line for an abort).
 */
export function abortedWith(emit: EmitEvent, stand: Stand): RekeyAbortedError {
	const message = stand.lines.join('\n');
	emit({ type: 'log', level: 'warn', message: `${message}\nnext: ${stand.next}` });
	return new RekeyAbortedError(message, stand.next);
}

function backupLines(ctx: StandContext): string[] {
	return ctx.backupDir ? [`backups stay on the hosts in ${ctx.backupDir}`] : [];
}

function members(names: readonly string[], state: string): string[] {
	return names.length === 0 ? [] : [`${names.join(', ')}: ${state}`];
}
