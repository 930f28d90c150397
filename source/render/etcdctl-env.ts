import { posix } from 'node:path';
import type { ClusterSpec } from '../cluster/types.js';
import { isAtLeast } from './etcd-version.js';
import { fillTemplate, plainWord } from './template.js';

/** Where etcd-wizard puts the etcdctl environment file on a host. */
export function etcdctlEnvPath(spec: ClusterSpec): string {
	return posix.join(spec.etcd.confDir, 'etcdctl.env');
}

/**
 * Variables that point etcdctl on a member at its own client URL with the member's server
 * certificate (it carries the clientAuth EKU too). Shell-sourceable, so every value is a plain word.
 */
export function renderEtcdctlEnv(templateText: string, spec: ClusterSpec): string {
	const { confDir, clientPort, version } = spec.etcd;
	const dir = plainWord('etcd.confDir', confDir);
	const file = (name: string) => posix.join(dir, name);
	return fillTemplate('etcdctl.env', templateText, {
		clusterName: plainWord('name', spec.name),
		envFile: file('etcdctl.env'),
		// etcdctl before 3.4 defaulted to the v2 API; from 3.5 on it speaks only v3.
		apiVersion: isAtLeast(version, 3, 5) ? '' : 'ETCDCTL_API=3',
		clientPort: String(clientPort),
		caFile: file('ca.crt'),
		certFile: file('server.crt'),
		keyFile: file('server.key'),
	});
}
