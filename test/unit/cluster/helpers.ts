import { formatDiagnostic, parseClusterFile } from '../../../source/cluster/index.js';

/** Nine lines of a valid three-host cluster file; extra lines start at line 10. */
export const HEAD = [
	'apiVersion: etcd-wizard/v1',
	'name: homelab',
	'hosts:',
	'  - name: etcd1',
	'    address: 10.77.0.11',
	'  - name: etcd2',
	'    address: 10.77.0.12',
	'  - name: etcd3',
	'    address: 10.77.0.13',
];

/** HEAD followed by `extra`, one array item per line. */
export function file(...extra: string[]): string {
	return `${[...HEAD, ...extra].join('\n')}\n`;
}

/** Every diagnostic of `text` (as cluster.yaml), formatted one per string. */
export function problems(text: string): string[] {
	return parseClusterFile(text, 'cluster.yaml').diagnostics.map(formatDiagnostic);
}

/** Diagnostics of HEAD plus an `etcd:` section holding `lines` (from line 11 on). */
export function etcdProblems(...lines: string[]): string[] {
	return problems(file('etcd:', ...lines));
}

/** Diagnostics of HEAD plus `etcd.settings` holding `lines` (from line 12 on). */
export function settingsProblems(...lines: string[]): string[] {
	return etcdProblems('  settings:', ...lines.map((line) => `    ${line}`));
}

/** The design.md example, verbatim. */
export const DESIGN_EXAMPLE = `apiVersion: etcd-wizard/v1
name: homelab
ssh:
  user: ops                      # root, or a user with sudo
  port: 22
  identityFile: ~/.ssh/id_ed25519   # or agent: true (SSH_AUTH_SOCK)
  knownHostsFile: ~/.ssh/known_hosts
etcd:
  version: "3.6.14"
  downloadUrl: https://github.com/etcd-io/etcd/releases/download/v{version}/etcd-v{version}-linux-{arch}.tar.gz
  checksumUrl: https://github.com/etcd-io/etcd/releases/download/v{version}/SHA256SUMS
  # tarball: ./etcd-v3.6.14-linux-amd64.tar.gz   # air-gapped: uploaded from this machine
  interface: wg0
  clientPort: 2379
  peerPort: 2380
  user: etcd
  group: etcd
  confDir: /etc/etcd
  dataDir: /var/lib/etcd
  binDir: /usr/local/bin
  settings:
    heartbeat-interval: 100
    election-timeout: 1000
pki:
  dir: ./pki                     # relative to the cluster file
hosts:
  - name: etcd1
    address: 10.77.0.11          # where SSH reaches it; etcd binds to the interface's address
  - name: etcd2
    address: 10.77.0.12
`;
