import { checkPort } from './port.js';
import type { Reporter } from './reporter.js';
import { DNS_LABEL, DNS_LABEL_RULE } from './schema.js';
import { quoted } from './shown.js';
import type { ClusterSpec } from './types.js';
import { validateEtcd } from './validate-etcd.js';
import { validateHosts } from './validate-hosts.js';

/** Checks the meaning of a complete spec (after defaults); types are already right. */
export function validateSpec(spec: ClusterSpec, report: Reporter): void {
	if (spec.name === '') {
		report.error(
			['name'],
			`is required: a short cluster name such as "homelab" (${DNS_LABEL_RULE})`,
		);
	} else if (!DNS_LABEL.test(spec.name)) {
		report.error(
			['name'],
			`${quoted(spec.name)} is not a usable cluster name; use ${DNS_LABEL_RULE}`,
		);
	}
	validateSsh(spec, report);
	if (spec.pki.dir.trim() === '') {
		report.error(['pki', 'dir'], 'must name the directory for the CA and certificates, e.g. ./pki');
	}
	validateEtcd(spec.etcd, report);
	validateHosts(spec.hosts, report);
}

function validateSsh({ ssh }: ClusterSpec, report: Reporter): void {
	if (ssh.user.trim() === '') {
		report.error(['ssh', 'user'], 'must not be empty: root, or a user with passwordless sudo');
	}
	checkPort(report, ['ssh', 'port'], ssh.port);
	if (!ssh.identityFile && ssh.agent !== true) {
		report.error(
			['ssh', 'identityFile'],
			'is needed unless ssh.agent is true: set a private key file (e.g. ~/.ssh/id_ed25519) or agent: true',
		);
	}
	if (ssh.knownHostsFile.trim() === '') {
		report.error(
			['ssh', 'knownHostsFile'],
			'must name a known_hosts file, e.g. ~/.ssh/known_hosts',
		);
	}
}
