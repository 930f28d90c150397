import type { ClusterSpec } from '../cluster/types.js';
import { etcdConfigPath } from './etcd-config.js';
import { fillTemplate, plainWord } from './template.js';

/** Where etcd-wizard puts etcd's systemd unit on a host. */
export const UNIT_PATH = '/etc/systemd/system/etcd.service';

/** Ports below this need CAP_NET_BIND_SERVICE to bind as a non-root user. */
const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * The hardened systemd unit, the same on every member. It holds no capability unless a client
 * or peer port is privileged, and then only CAP_NET_BIND_SERVICE.
 */
export function renderServiceUnit(templateText: string, spec: ClusterSpec): string {
	const { etcd } = spec;
	plainWord('etcd.confDir', etcd.confDir);
	const privileged = Math.min(etcd.clientPort, etcd.peerPort) < FIRST_UNPRIVILEGED_PORT;
	return fillTemplate('etcd.service', templateText, {
		clusterName: plainWord('name', spec.name),
		user: plainWord('etcd.user', etcd.user),
		group: plainWord('etcd.group', etcd.group),
		binDir: plainWord('etcd.binDir', etcd.binDir),
		configFile: etcdConfigPath(spec),
		dataDir: plainWord('etcd.dataDir', etcd.dataDir),
		capabilities: privileged ? 'CAP_NET_BIND_SERVICE' : '',
	});
}
