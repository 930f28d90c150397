import { posix } from 'node:path';
import type { ClusterSpec } from '../cluster/types.js';
import { etcdConfigPath, type NodeContext, renderEtcdConfig } from './etcd-config.js';
import { etcdctlEnvPath, renderEtcdctlEnv } from './etcdctl-env.js';
import { renderServiceUnit, UNIT_PATH } from './service-unit.js';
import type { Templates } from './templates.js';

/** A file as it must be on a host. */
export interface DesiredFile {
	readonly path: string;
	readonly content: string;
	readonly mode: number;
	readonly owner: string;
	readonly group: string;
	/** Private key material: never diffed, printed or logged. */
	readonly secret: boolean;
}

/** PEM texts of one member's certificates and keys, and of the CA that signed them. */
export interface MemberCertificates {
	readonly caCert: string;
	readonly serverCert: string;
	readonly serverKey: string;
	readonly peerCert: string;
	readonly peerKey: string;
}

/**
 * Every file etcd-wizard puts on one member, with the mode and owner design.md gives it: the
 * certificates and keys, the etcd config, the etcdctl env file, and the systemd unit.
 * `tokenSeed` is the CA certificate PEM (see clusterToken).
 */
export function desiredNodeFiles(
	templates: Templates,
	spec: ClusterSpec,
	node: NodeContext,
	members: readonly NodeContext[],
	certs: MemberCertificates,
	state: 'new' | 'existing',
	tokenSeed: string,
): DesiredFile[] {
	const { confDir, user, group } = spec.etcd;
	const inConf = (name: string) => posix.join(confDir, name);
	const file = (path: string, content: string, mode: number, owner: string, fileGroup: string) => ({
		path,
		content,
		mode,
		owner,
		group: fileGroup,
		secret: false,
	});
	const key = (name: string, content: string) => ({
		...file(inConf(name), content, 0o600, user, group),
		secret: true,
	});
	return [
		file(inConf('ca.crt'), certs.caCert, 0o644, 'root', group),
		file(inConf('server.crt'), certs.serverCert, 0o644, user, group),
		key('server.key', certs.serverKey),
		file(inConf('peer.crt'), certs.peerCert, 0o644, user, group),
		key('peer.key', certs.peerKey),
		file(
			etcdConfigPath(spec),
			renderEtcdConfig(templates.etcdConf, spec, node, members, state, tokenSeed),
			0o640,
			'root',
			group,
		),
		file(etcdctlEnvPath(spec), renderEtcdctlEnv(templates.etcdctlEnv, spec), 0o600, 'root', 'root'),
		file(UNIT_PATH, renderServiceUnit(templates.service, spec), 0o644, 'root', 'root'),
	];
}
