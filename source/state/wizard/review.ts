import { formatDiagnostic } from '../../cluster/diagnostics.js';
import { validateCluster } from '../../cluster/parse.js';
import { serializeClusterFile } from '../../cluster/serialize.js';
import type { ClusterSpec } from '../../cluster/types.js';
import { clusterMembers, memberIp } from '../../plan/member-address.js';
import { type NodeContext, renderEtcdConfig } from '../../render/etcd-config.js';
import { countOf } from '../shared/words.js';
import { clusterFilePath, toClusterSpec } from './spec.js';
import type { WizardState } from './types.js';

/** What the review step shows, each as lines: the answers, the file, one member's config. */
export interface ReviewDocuments {
	readonly titles: readonly [string, string, string];
	readonly pages: readonly [readonly string[], readonly string[], readonly string[]];
}

const TOKEN_LINE = /^initial-cluster-token: .*$/m;

/** Each host with its address on the chosen interface (from the gathered facts). */
export function members(state: WizardState, spec: ClusterSpec): NodeContext[] {
	return clusterMembers(spec, state.facts);
}

function summary(state: WizardState, spec: ClusterSpec): string[] {
	const { ssh, etcd } = spec;
	const file = clusterFilePath(state.answers, state.env);
	const login = ssh.agent ? 'the ssh-agent' : `key ${ssh.identityFile}`;
	const source = etcd.tarball ? `local tarball ${etcd.tarball}` : `download ${etcd.downloadUrl}`;
	const settings = Object.entries(etcd.settings).map(([k, v]) => `${k}=${String(v)}`);
	const warnings = validateCluster(spec).filter((d) => d.severity === 'warning');
	return [
		`cluster ${spec.name}: ${countOf(spec.hosts.length, 'member')}, etcd ${etcd.version}`,
		`writes  ${file}`,
		`        and the CA and certificates in ${spec.pki.dir} beside it`,
		`ssh     ${ssh.user}@host:${ssh.port}, ${login}`,
		...spec.hosts.map((h) => {
			const ip = memberIp(spec, h.name, state.facts.get(h.name)) ?? '?';
			return `  ${h.name.padEnd(12)} ssh ${h.address.padEnd(16)} ${etcd.interface} ${ip}`;
		}),
		`ports   client ${etcd.clientPort}, peer ${etcd.peerPort}; runs as ${etcd.user}:${etcd.group}`,
		`release ${source}`,
		`etcd    ${settings.join(' ')}`,
		...warnings.map(formatDiagnostic),
	];
}

function nodeConfig(state: WizardState, spec: ClusterSpec, nodes: readonly NodeContext[]) {
	const first = nodes[0];
	if (state.templatesError) return [`cannot show etcd.conf.yml: ${state.templatesError}`];
	if (!state.templates) return ['loading the templates…'];
	if (!first || nodes.length < spec.hosts.length) {
		return [`a host has no address on ${spec.etcd.interface}; go back to the interface step`];
	}
	try {
		const text = renderEtcdConfig(state.templates.etcdConf, spec, first, nodes, 'new', '');
		// The real token is derived from the CA, which is made when provisioning starts.
		const shown = text.replace(TOKEN_LINE, 'initial-cluster-token: (derived from the new CA)');
		return shown.trimEnd().split('\n');
	} catch (error) {
		return [`cannot render etcd.conf.yml: ${(error as Error).message}`];
	}
}

/** The review's three pages for the current answers. */
export function reviewDocuments(state: WizardState): ReviewDocuments {
	const spec = toClusterSpec(state);
	const nodes = members(state, spec);
	const node = nodes[0]?.name ?? spec.hosts[0]?.name ?? 'a member';
	return {
		titles: ['Summary', 'cluster.yaml', `etcd.conf.yml (${node})`],
		pages: [
			summary(state, spec),
			serializeClusterFile(spec).trimEnd().split('\n'),
			nodeConfig(state, spec, nodes),
		],
	};
}
