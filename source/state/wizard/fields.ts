import { interfaceChoices } from './interfaces.js';
import { checksumUrlBeside, OTHER_RELEASE, RELEASES, SOURCES } from './releases.js';
import type { ChoiceField, FieldId, StepId, WizardState } from './types.js';

/** How a field is asked: typed text, typed text shown as `*`, or a pick from a list. */
export type FieldKind = 'text' | 'secret' | 'choice';

/** A field as the views show it. */
export interface FieldDef {
	readonly label: string;
	readonly kind: FieldKind;
	/** One line on what the field means, shown while it has the focus. */
	readonly help?: string;
}

const text = (label: string, help?: string): FieldDef => ({
	label,
	kind: 'text',
	...(help ? { help } : {}),
});
const choice = (label: string): FieldDef => ({ label, kind: 'choice' });

/** Labels and help of every field. */
export const FIELDS: Readonly<Record<FieldId, FieldDef>> = {
	name: text('Cluster name', 'a short name such as homelab; it names the certificates too'),
	dir: text('Directory', 'cluster.yaml and pki/ (the CA and certificates) are written here'),
	sshUser: text('SSH user', 'root, or a user with passwordless sudo on every host'),
	sshPort: text('SSH port'),
	identity: choice('Log in with'),
	identityFile: text('Key file', 'the private key; ~ is your home directory'),
	passphrase: {
		label: 'Key passphrase',
		kind: 'secret',
		help: 'kept in memory for this run only, never written; empty when the key has none',
	},
	hostName: text('Name', 'the etcd member name, e.g. etcd1 (also its certificate name)'),
	hostAddress: text('Address', 'the IP address or host name SSH reaches it at'),
	interface: choice('Cluster interface'),
	clientPort: text('Client port', 'clients and etcdctl connect here (etcd uses 2379)'),
	peerPort: text('Peer port', 'the members talk to each other here (etcd uses 2380)'),
	user: text('User', 'etcd runs as this system user, created when missing'),
	group: text('Group', 'owns the config dir; created when missing'),
	uid: text('uid (optional)', 'empty lets each host pick; set it to keep owners equal everywhere'),
	gid: text('gid (optional)', 'empty lets each host pick'),
	release: choice('etcd release'),
	version: text('Version', 'a release number X.Y.Z, 3.4 or later'),
	source: choice('Get it from'),
	downloadUrl: text(
		'Tarball URL',
		'{version} and {arch} are filled in: .../v{version}/etcd-v{version}-linux-{arch}.tar.gz',
	),
	checksumUrl: text('SHA256SUMS URL', "the release's checksum file; empty: beside the tarball"),
	tarball: text(
		'Local tarball',
		'etcd-vX.Y.Z-linux-ARCH.tar.gz on this machine, uploaded to each host',
	),
	heartbeat: text(
		'Heartbeat (ms)',
		"about the round-trip time between members; etcd's default is 100",
	),
	electionTimeout: text(
		'Election timeout',
		'ms; at least 5 x heartbeat or etcd will not start; 10 x the round-trip time is advised',
	),
	snapshotCount: text('Snapshot count', "applied entries between snapshots; empty: etcd's default"),
	quotaBackendBytes: text(
		'Backend quota',
		"the database's size limit, e.g. 2GiB (etcd's default); more than 8GiB is not advised",
	),
	compactionMode: choice('Auto-compaction'),
	compactionRetention: text(
		'Retention',
		'periodic: how long to keep, e.g. 1h; revision: how many revisions, e.g. 1000',
	),
	extraFlags: text(
		'Extra etcd flags',
		"key=value separated by spaces, etcd's flag names without --, e.g. log-level=warn",
	),
};

/** The fields the current step shows, in order; some appear only for certain answers. */
export function stepFields(state: WizardState): readonly FieldId[] {
	const a = state.answers;
	const when = (condition: boolean, ...fields: FieldId[]) => (condition ? fields : []);
	const fieldsOf: Partial<Record<StepId, readonly FieldId[]>> = {
		name: ['name', 'dir'],
		ssh: [
			'sshUser',
			'sshPort',
			'identity',
			...when(a.identity === 'other', 'identityFile'),
			...when(a.identity !== 'agent', 'passphrase'),
		],
		interface: ['interface'],
		ports: ['clientPort', 'peerPort'],
		owner: ['user', 'group', 'uid', 'gid'],
		release: [
			'release',
			...when(a.release === OTHER_RELEASE, 'version'),
			'source',
			...when(a.source === 'mirror', 'downloadUrl', 'checksumUrl'),
			...when(a.source === 'tarball', 'tarball'),
		],
		tuning: [
			'heartbeat',
			'electionTimeout',
			'snapshotCount',
			'quotaBackendBytes',
			'compactionMode',
			...when(a.compactionMode !== '', 'compactionRetention'),
			'extraFlags',
		],
	};
	return fieldsOf[state.step] ?? [];
}

/** Where `field` is among the current step's fields, if it shows. */
export function fieldIndex(state: WizardState, field: FieldId): number | undefined {
	const index = stepFields(state).indexOf(field);
	return index === -1 ? undefined : index;
}

/** An entry of a choice field. */
export interface ChoiceOption {
	readonly value: string;
	readonly label: string;
}

/** The entries a choice field offers. */
export function choiceOptions(state: WizardState, field: ChoiceField): readonly ChoiceOption[] {
	switch (field) {
		case 'identity':
			return [
				...state.env.identityFiles.map((file) => ({ value: file, label: `key file ${file}` })),
				{ value: 'other', label: 'another key file…' },
				...(state.env.agentAvailable
					? [{ value: 'agent', label: 'the ssh-agent (SSH_AUTH_SOCK is set)' }]
					: []),
			];
		case 'interface':
			return interfaceChoices(state.answers.hosts, state.facts).map((c) => {
				const count = c.addresses.length - c.missingOn.length;
				const where =
					c.missingOn.length > 0 ? `on ${count} of ${c.addresses.length} hosts` : 'on every host';
				return { value: c.name, label: `${c.name.padEnd(10)} ${where}, ${c.subnets.join(' ')}` };
			});
		case 'release':
			return [
				...RELEASES.map((r) => ({ value: r.version, label: r.label })),
				{ value: OTHER_RELEASE, label: 'another version…' },
			];
		case 'source':
			return SOURCES;
		case 'compactionMode':
			return [
				{ value: '', label: "off (etcd's default)" },
				{ value: 'periodic', label: 'periodic: keep a time window of history' },
				{ value: 'revision', label: 'revision: keep a number of revisions' },
			];
	}
}

/** The text shown in an empty field: the value that empty stands for. */
export function placeholderOf(state: WizardState, field: FieldId): string {
	if (field === 'dir') return `./${state.answers.name.trim() || '<name>'}`;
	if (field === 'checksumUrl') return checksumUrlBeside(state.answers.downloadUrl.trim());
	return '';
}
