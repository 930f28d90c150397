import type { Diagnostic } from '../../cluster/diagnostics.js';
import { validateCluster } from '../../cluster/parse.js';
import type { HostSpec } from '../../cluster/types.js';
import type { FieldProblem } from '../shared/types.js';
import { stepFields } from './fields.js';
import { identityProblems } from './identity-check.js';
import { interfaceChoices, interfaceProblem } from './interfaces.js';
import { portProblems } from './ports.js';
import { measuredRtt, preflightBlocker } from './preflight.js';
import { buildSpec } from './spec.js';
import type { FieldId, WizardState } from './types.js';

/** Each field's problems, by field. */
export type FieldProblems = Partial<Record<FieldId, readonly FieldProblem[]>>;

const PATH_FIELDS: Readonly<Record<string, FieldId>> = {
	name: 'name',
	'ssh.user': 'sshUser',
	'ssh.port': 'sshPort',
	'ssh.identityFile': 'identityFile',
	'etcd.interface': 'interface',
	'etcd.clientPort': 'clientPort',
	'etcd.peerPort': 'peerPort',
	'etcd.user': 'user',
	'etcd.group': 'group',
	'etcd.uid': 'uid',
	'etcd.gid': 'gid',
	'etcd.version': 'version',
	'etcd.downloadUrl': 'downloadUrl',
	'etcd.checksumUrl': 'checksumUrl',
	'etcd.tarball': 'tarball',
	'etcd.settings.heartbeat-interval': 'heartbeat',
	'etcd.settings.election-timeout': 'electionTimeout',
	'etcd.settings.snapshot-count': 'snapshotCount',
	'etcd.settings.quota-backend-bytes': 'quotaBackendBytes',
	'etcd.settings.auto-compaction-mode': 'compactionMode',
	'etcd.settings.auto-compaction-retention': 'compactionRetention',
};

const SETTINGS_PREFIX = 'etcd.settings.';

/** The field a diagnostic is about, and its message as shown under that field. */
function fieldOf(d: Diagnostic, state: WizardState): [FieldId, string] | undefined {
	let field = PATH_FIELDS[d.path];
	if (field === 'identityFile' && state.answers.identity !== 'other') field = 'identity';
	// The cluster file's words (ssh.agent: true) mean nothing on this screen.
	if (field === 'identityFile' && state.answers.identityFile.trim() === '') {
		const agent = state.env.agentAvailable ? ', or choose the ssh-agent above' : '';
		return [field, `type the path of your private key (e.g. ~/.ssh/id_ed25519)${agent}`];
	}
	if (field === 'version' && state.answers.release !== 'other') field = 'release';
	if (field) return [field, d.message];
	if (d.path.startsWith(SETTINGS_PREFIX)) {
		return ['extraFlags', `${d.path.slice(SETTINGS_PREFIX.length)}: ${d.message}`];
	}
	return undefined;
}

/**
 * Every field's problems, as typed: the cluster file's own validators run on the spec the
 * answers make, then what the gathered facts say about the interface and ports.
 */
export function fieldProblems(state: WizardState): FieldProblems {
	const built = buildSpec(state.answers, state);
	const problems: Partial<Record<FieldId, FieldProblem[]>> = {};
	const add = (field: FieldId, problem: FieldProblem) => {
		problems[field] = [...(problems[field] ?? []), problem];
	};
	for (const [field, messages] of Object.entries(built.errors)) {
		for (const message of messages) add(field as FieldId, { severity: 'error', message });
	}
	for (const d of validateCluster(built.spec)) {
		const found = fieldOf(d, state);
		// A value that could not be read was left out: what the validators say of the rest is noise.
		const unread = found && found[0] !== 'extraFlags' && built.errors[found[0]];
		if (found && !unread) add(found[0], { severity: d.severity, message: found[1] });
	}
	if (state.step === 'ssh') {
		for (const [field, problem] of identityProblems(state.identityCheck, state.answers)) {
			add(field, problem);
		}
	}
	const measured = measuredRtt(state.preflight.report);
	const recommended = state.preflight.report?.tuning?.recommended;
	if (measured && recommended) {
		const note = (value: number) => `recommended ${value} ms from ${measured}`;
		add('heartbeat', { severity: 'note', message: note(recommended.heartbeatMs) });
		add('electionTimeout', { severity: 'note', message: note(recommended.electionTimeoutMs) });
	}
	if (state.facts.size > 0) {
		const { hosts } = state.answers;
		const name = built.spec.etcd.interface;
		const choice = interfaceChoices(hosts, state.facts).find((c) => c.name === name);
		const problem = interfaceProblem(choice, name);
		if (problem) add('interface', problem);
		for (const field of ['clientPort', 'peerPort'] as const) {
			if (built.errors[field] || problems[field]) continue;
			for (const p of portProblems(built.spec.etcd[field], hosts, state.facts)) add(field, p);
		}
	}
	return problems;
}

/** The first error among `fields`, if any. */
export function firstError(
	problems: FieldProblems,
	fields: readonly FieldId[],
): string | undefined {
	for (const field of fields) {
		const error = problems[field]?.find((p) => p.severity === 'error');
		if (error) return error.message;
	}
	return undefined;
}

/** Problems of the host list: its size, and each host's name and address. */
export interface HostsProblems {
	readonly list: readonly FieldProblem[];
	/** By host index. */
	readonly hosts: Readonly<Record<number, readonly string[]>>;
	/** The host being added or edited. */
	readonly draft: Partial<Record<'hostName' | 'hostAddress', string>>;
}

function hostDiagnostics(state: WizardState, hosts: readonly HostSpec[]): Diagnostic[] {
	const answers = { ...state.answers, hosts };
	return validateCluster(buildSpec(answers, state).spec).filter((d) => d.path.startsWith('hosts'));
}

/** What is wrong with the hosts, and with the one being typed (checked as if added last). */
export function hostsProblems(state: WizardState): HostsProblems {
	const { hosts } = state.answers;
	const list: FieldProblem[] = [];
	const byHost: Record<number, string[]> = {};
	for (const d of hostDiagnostics(state, hosts)) {
		const index = /^hosts\[(\d+)\]/.exec(d.path)?.[1];
		if (index === undefined) list.push({ severity: d.severity, message: d.message });
		else byHost[Number(index)] = [...(byHost[Number(index)] ?? []), d.message];
	}
	const draft: HostsProblems['draft'] = {};
	if (state.draft) {
		const { index, name, address } = state.draft;
		const others = hosts.filter((_, i) => i !== index);
		const last = others.length;
		for (const d of hostDiagnostics(state, [
			...others,
			{ name: name.trim(), address: address.trim() },
		])) {
			if (d.severity !== 'error') continue;
			if (d.path === `hosts[${last}].name`) draft.hostName ??= d.message;
			if (d.path === `hosts[${last}].address`) draft.hostAddress ??= d.message;
		}
	}
	return { list, hosts: byHost, draft };
}

/** Why the current step cannot be left forward, or undefined when it can. */
export function stepBlocker(state: WizardState): string | undefined {
	const fieldError = firstError(fieldProblems(state), stepFields(state));
	if (fieldError) return fieldError;
	switch (state.step) {
		case 'hosts': {
			if (state.draft) return 'finish or cancel the host being edited first';
			const problems = hostsProblems(state);
			const error = problems.list.find((p) => p.severity === 'error');
			const hostError = Object.values(problems.hosts)[0]?.[0];
			return error?.message ?? hostError;
		}
		case 'connect':
			return state.connect.status === 'done' ? undefined : 'every host must be reached first';
		case 'review': {
			const error = validateCluster(buildSpec(state.answers, state).spec).find(
				(d) => d.severity === 'error',
			);
			return error ? `${error.path}: ${error.message}` : preflightBlocker(state);
		}
		default:
			return undefined;
	}
}
