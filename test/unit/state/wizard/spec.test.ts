import { describe, expect, it } from 'vitest';
import {
	applyDefaults,
	CHECKSUM_URL_TEMPLATE,
	DOWNLOAD_URL_TEMPLATE,
	validateCluster,
} from '../../../../source/cluster/index.js';
import {
	answersFromSpec,
	defaultAnswers,
	storedAnswersOf,
} from '../../../../source/state/wizard/answers.js';
import {
	buildSpec,
	clusterFilePath,
	identityFileOf,
	toClusterSpec,
} from '../../../../source/state/wizard/spec.js';
import { ENV, HOSTS } from './fixtures.js';

const answers = (over: Partial<ReturnType<typeof defaultAnswers>> = {}) => ({
	...defaultAnswers(ENV),
	name: 'homelab',
	hosts: HOSTS,
	...over,
});

describe('defaultAnswers', () => {
	it("starts from design.md's defaults, the first key found, upstream 3.6", () => {
		const a = defaultAnswers(ENV, 'clusters/lab');
		expect(a).toMatchObject({
			dir: 'clusters/lab',
			sshUser: 'root',
			sshPort: '22',
			identity: '~/.ssh/id_ed25519',
			interface: 'wg0',
			clientPort: '2379',
			peerPort: '2380',
			user: 'etcd',
			group: 'etcd',
			release: '3.6.14',
			source: 'upstream',
			heartbeat: '100',
			electionTimeout: '1000',
			passphrase: '',
		});
	});

	it('takes the last run’s answers over the defaults', () => {
		const a = defaultAnswers(ENV, '', {
			sshUser: 'ops',
			identity: '/keys/lab',
			interface: 'tap0',
			version: '3.4.23',
			source: 'mirror',
			downloadUrl: 'http://10.0.0.1:8080/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
		});
		expect(a).toMatchObject({
			sshUser: 'ops',
			identity: 'other',
			identityFile: '/keys/lab',
			interface: 'tap0',
			release: '3.4.23',
			source: 'mirror',
			downloadUrl: 'http://10.0.0.1:8080/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
		});
	});

	it('uses the agent when no key file is found and SSH_AUTH_SOCK is set', () => {
		expect(defaultAnswers({ ...ENV, identityFiles: [] }).identity).toBe('agent');
		expect(defaultAnswers({ ...ENV, identityFiles: [], agentAvailable: false }).identity).toBe(
			'other',
		);
	});
});

describe('toClusterSpec', () => {
	it('builds a valid spec from the default answers', () => {
		const spec = toClusterSpec({ env: ENV, answers: answers() });
		expect(spec).toEqual(
			applyDefaults({ name: 'homelab', hosts: HOSTS, ssh: { identityFile: '~/.ssh/id_ed25519' } }),
		);
		expect(validateCluster(spec).filter((d) => d.severity === 'error')).toEqual([]);
	});

	it('resolves typed relative paths against the directory the wizard runs in', () => {
		const a = answers({
			identity: 'other',
			identityFile: 'keys/id',
			source: 'tarball',
			tarball: 'etcd.tgz',
		});
		const spec = toClusterSpec({ env: ENV, answers: a });
		expect(spec.ssh.identityFile).toBe('/home/ops/work/keys/id');
		expect(spec.etcd.tarball).toBe('/home/ops/work/etcd.tgz');
		expect(spec.etcd.downloadUrl).toBeUndefined();
		expect(identityFileOf(answers({ identity: 'agent' }), ENV.cwd)).toBeUndefined();
		expect(toClusterSpec({ env: ENV, answers: answers({ identity: 'agent' }) }).ssh.agent).toBe(
			true,
		);
	});

	it('puts a mirror checksum file beside the tarball unless one is typed', () => {
		const downloadUrl = 'http://10.0.0.1:8080/v{version}/etcd-v{version}-linux-{arch}.tar.gz';
		const spec = toClusterSpec({ env: ENV, answers: answers({ source: 'mirror', downloadUrl }) });
		expect(spec.etcd).toMatchObject({
			downloadUrl,
			checksumUrl: 'http://10.0.0.1:8080/v{version}/SHA256SUMS',
		});
		const typed = answers({ source: 'mirror', downloadUrl, checksumUrl: 'http://x/sums' });
		expect(toClusterSpec({ env: ENV, answers: typed }).etcd.checksumUrl).toBe('http://x/sums');
	});

	it('turns tuning fields and extra flags into etcd settings', () => {
		const a = answers({
			heartbeat: '200',
			electionTimeout: '2000',
			snapshotCount: '50000',
			quotaBackendBytes: '4GiB',
			compactionMode: 'periodic',
			compactionRetention: '1h',
			extraFlags: 'log-level=warn max-txn-ops=256 strict-reconfig-check=true',
		});
		expect(toClusterSpec({ env: ENV, answers: a }).etcd.settings).toEqual({
			'heartbeat-interval': 200,
			'election-timeout': 2000,
			'snapshot-count': 50000,
			'quota-backend-bytes': 4 * 1024 ** 3,
			'auto-compaction-mode': 'periodic',
			'auto-compaction-retention': '1h',
			'log-level': 'warn',
			'max-txn-ops': 256,
			'strict-reconfig-check': true,
		});
	});

	it('reports text that is no number instead of guessing a value', () => {
		const a = answers({
			sshPort: '22a',
			clientPort: 'x',
			uid: '-1',
			quotaBackendBytes: '8GB',
			extraFlags: 'oops',
		});
		const { spec, errors } = buildSpec(a, { env: ENV });
		expect(Object.keys(errors).sort()).toEqual([
			'clientPort',
			'extraFlags',
			'quotaBackendBytes',
			'sshPort',
			'uid',
		]);
		expect(errors.sshPort).toEqual(['"22a" is not a whole number; type digits only, e.g. 22']);
		expect(spec.ssh.port).toBe(22);
		expect(spec.etcd.uid).toBeUndefined();
	});

	it('keeps what an opened file says about the keys the wizard does not ask', () => {
		const base = applyDefaults({
			name: 'homelab',
			hosts: HOSTS,
			ssh: { knownHostsFile: './known_hosts' },
			etcd: { dataDir: '/srv/etcd', confDir: '/srv/etcd-conf', binDir: '/opt/bin' },
			pki: { dir: './certs' },
		});
		const spec = toClusterSpec({ env: ENV, answers: answers(), base });
		expect(spec.ssh.knownHostsFile).toBe('./known_hosts');
		expect(spec.etcd).toMatchObject({
			dataDir: '/srv/etcd',
			confDir: '/srv/etcd-conf',
			binDir: '/opt/bin',
		});
		expect(spec.pki.dir).toBe('./certs');
	});

	it('writes cluster.yaml in the directory given, or in ./<name>', () => {
		expect(clusterFilePath(answers(), ENV)).toBe('/home/ops/work/homelab/cluster.yaml');
		expect(clusterFilePath(answers({ dir: '/srv/lab' }), ENV)).toBe('/srv/lab/cluster.yaml');
	});
});

describe('answersFromSpec', () => {
	it('gives answers that write the same spec back', () => {
		const specs = [
			applyDefaults({
				name: 'lab',
				hosts: HOSTS,
				ssh: { user: 'ops', port: 2222, identityFile: '/keys/lab' },
				etcd: {
					version: '3.5.21',
					downloadUrl: 'http://m/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
					checksumUrl: 'http://m/sums/{version}',
					interface: 'tap0',
					uid: 990,
					settings: {
						'quota-backend-bytes': 1024,
						'auto-compaction-mode': 'revision',
						'auto-compaction-retention': '1000',
						'log-level': 'warn',
					},
				},
			}),
			applyDefaults({
				name: 'air',
				hosts: HOSTS,
				ssh: { agent: true },
				etcd: { version: '3.6.2', tarball: '/t/etcd.tgz' },
			}),
			applyDefaults({
				name: 'up',
				hosts: HOSTS,
				etcd: { downloadUrl: DOWNLOAD_URL_TEMPLATE, checksumUrl: CHECKSUM_URL_TEMPLATE },
			}),
		];
		for (const spec of specs) {
			const a = answersFromSpec(spec, '/srv/lab/cluster.yaml', ENV);
			expect(a.dir).toBe('/srv/lab');
			expect(toClusterSpec({ env: ENV, answers: a, base: spec })).toEqual(spec);
		}
		expect(answersFromSpec(specs[1] as never, '/x/cluster.yaml', ENV)).toMatchObject({
			release: 'other',
			version: '3.6.2',
			identity: 'agent',
			source: 'tarball',
		});
	});
});

describe('storedAnswersOf', () => {
	it('keeps defaults for next time but never the passphrase, name or hosts', () => {
		const stored = storedAnswersOf(
			answers({ passphrase: 'hunter2', identity: 'other', identityFile: '/k' }),
			'3.6.14',
		);
		expect(JSON.stringify(stored)).not.toContain('hunter2');
		expect(stored).toEqual({
			sshUser: 'root',
			sshPort: '22',
			identity: '/k',
			interface: 'wg0',
			clientPort: '2379',
			peerPort: '2380',
			user: 'etcd',
			group: 'etcd',
			version: '3.6.14',
			source: 'upstream',
		});
	});
});
