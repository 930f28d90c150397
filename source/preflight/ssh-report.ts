import type { ClusterSpec } from '../cluster/types.js';
import { SshError } from '../ssh/index.js';
import { finding, pass } from './result.js';
import type { CheckReport } from './types.js';

/**
 * The report when some hosts did not answer over SSH or refused sudo: a failure per such host
 * (the SSH layer's message and hint), a pass for the others; the other checks need every host.
 */
export function sshFailureReport(
	spec: ClusterSpec,
	failures: ReadonlyMap<string, Error>,
): CheckReport {
	const checks = spec.hosts.map((host) => {
		const error = failures.get(host.name);
		if (!error)
			return pass('ssh', host.name, `${host.name} answers on ${host.address}:${spec.ssh.port}`);
		return finding(
			'fail',
			'ssh',
			host.name,
			error.message,
			`${error instanceof SshError ? `${error.hint}; ` : ''}the other checks run once every host answers`,
		);
	});
	return { cluster: spec.name, ok: false, checks, tuning: null };
}
