import { describe, expect, it } from 'vitest';
import { parseClusterFile } from '../../../source/cluster/index.js';
import { etcdProblems, file } from './helpers.js';

describe('etcd.version', () => {
	it('accepts 3.5 and later', () => {
		expect(etcdProblems('  version: 3.5.21')).toEqual([]);
		expect(etcdProblems('  version: "3.7.0"')).toEqual([]);
	});

	it('warns that 3.4 is end of life', () => {
		expect(etcdProblems('  version: 3.4.23')).toEqual([
			'cluster.yaml:11:12 warning: etcd.version: etcd 3.4 is end of life (no more fixes); consider "3.6.14"',
		]);
	});

	it('rejects versions before 3.4', () => {
		expect(etcdProblems('  version: 3.3.27')).toEqual([
			'cluster.yaml:11:12 etcd.version: etcd 3.3.27 is not supported; use 3.5 or later, e.g. "3.6.14"',
		]);
	});

	it.each(['v3.6.14', '3.6.0-rc.1'])('rejects %s, saying only X.Y.Z is accepted', (version) => {
		expect(etcdProblems(`  version: ${version}`)).toEqual([
			`cluster.yaml:11:12 etcd.version: "${version}" is not a release number; write X.Y.Z such as "3.6.14" (a leading "v" and pre-releases are not supported)`,
		]);
	});
});

describe('etcd release source', () => {
	it('uses a tarball without download URLs', () => {
		expect(etcdProblems('  tarball: ./etcd-v3.6.14-linux-amd64.tar.gz')).toEqual([]);
	});

	it('rejects a tarball together with a download URL', () => {
		expect(
			etcdProblems(
				'  tarball: ./etcd.tar.gz',
				'  downloadUrl: https://mirror/v{version}/etcd.tar.gz',
			),
		).toEqual([
			'cluster.yaml:11:12 etcd.tarball: set either tarball (a local file uploaded to the hosts) or downloadUrl (fetched by each host), not both; remove one',
		]);
	});

	it('rejects a checksum URL with a tarball', () => {
		expect(
			etcdProblems('  tarball: ./etcd.tar.gz', '  checksumUrl: https://mirror/SHA256SUMS'),
		).toEqual([
			'cluster.yaml:12:16 etcd.checksumUrl: is used only with downloadUrl; remove it when using tarball',
		]);
	});

	it('needs a checksum URL with a download URL, pointing at the etcd key', () => {
		expect(etcdProblems('  downloadUrl: https://mirror/v{version}/etcd-{arch}.tar.gz')).toEqual([
			"cluster.yaml:10:1 etcd.checksumUrl: is required with downloadUrl: the URL of the release's SHA256SUMS, e.g. https://.../v{version}/SHA256SUMS",
		]);
	});

	it('needs a download URL with a checksum URL', () => {
		expect(etcdProblems('  checksumUrl: https://mirror/v{version}/SHA256SUMS')).toEqual([
			'cluster.yaml:10:1 etcd.downloadUrl: is needed (with checksumUrl) unless etcd.tarball names a local release tarball',
		]);
	});

	it('accepts a mirror with both URLs', () => {
		const lines = [
			'  downloadUrl: http://10.0.0.1/v{version}/etcd-{arch}.tgz',
			'  checksumUrl: http://10.0.0.1/SUMS',
		];
		expect(etcdProblems(...lines)).toEqual([]);
	});

	it('wants http(s) download URLs', () => {
		const lines = [
			'  downloadUrl: ftp://mirror/v{version}.tgz',
			'  checksumUrl: file:///SHA256SUMS',
		];
		expect(etcdProblems(...lines)).toEqual([
			'cluster.yaml:11:16 etcd.downloadUrl: "ftp://mirror/v{version}.tgz" must be an http:// or https:// URL',
			'cluster.yaml:12:16 etcd.checksumUrl: "file:///SHA256SUMS" must be an http:// or https:// URL',
		]);
	});

	it('wants {version} in the download URL', () => {
		const lines = ['  downloadUrl: https://mirror/etcd.tgz', '  checksumUrl: https://mirror/SUMS'];
		expect(etcdProblems(...lines)).toEqual([
			'cluster.yaml:11:16 etcd.downloadUrl: must contain {version} so the URL follows etcd.version, e.g. .../v{version}/etcd-v{version}-linux-{arch}.tar.gz',
		]);
	});

	it('rejects unknown placeholders', () => {
		const lines = [
			'  downloadUrl: https://mirror/{version}-{platform}.tgz',
			'  checksumUrl: https://mirror/SUMS',
		];
		expect(etcdProblems(...lines)).toEqual([
			'cluster.yaml:11:16 etcd.downloadUrl: has the unknown placeholder {platform}; only {version} and {arch} are filled in',
		]);
	});
});

describe('etcd interface, ports and owner', () => {
	it('rejects an impossible interface name', () => {
		expect(etcdProblems('  interface: wireguard-cluster0')).toEqual([
			`cluster.yaml:11:14 etcd.interface: "wireguard-cluster0" is not a network interface name; use one such as wg0, tap0 or eth1 (at most 15 characters: letters, digits, '.', '_', '-', '@' or '+')`,
		]);
	});

	it.each([
		'wg0;id',
		'$(id)',
		'`id`',
		"wg'0",
		'wg"0',
		'eth*',
		'eth 1',
		'wg0&',
		'eth|1',
		'wg\\0',
		'a>b',
	])('refuses the interface name %s: it would reach a root shell in fix-it commands', (name) => {
		const [problem] = etcdProblems(`  interface: ${JSON.stringify(name)}`);
		expect(problem).toMatch(
			/^cluster\.yaml:11:14 etcd\.interface: .* is not a network interface name; /,
		);
	});

	it.each([
		'wg0',
		'tap0',
		'eth1',
		'enp3s0',
		'br-lan',
		'eth0.10',
		'wg_home',
		'veth+1',
		'abcdefghijklmno',
	])('accepts the interface name %s', (name) => {
		expect(etcdProblems(`  interface: ${name}`)).toEqual([]);
	});

	it('rejects ports out of range', () => {
		expect(etcdProblems('  clientPort: 70000')).toEqual([
			'cluster.yaml:11:15 etcd.clientPort: 70000 is not a port; use a whole number from 1 to 65535',
		]);
	});

	it('rejects the same client and peer port', () => {
		expect(etcdProblems('  clientPort: 2379', '  peerPort: 2379')).toEqual([
			"cluster.yaml:12:13 etcd.peerPort: 2379 is also the clientPort; use another port (etcd's default is 2380)",
		]);
	});

	it('rejects invalid Linux user and group names', () => {
		expect(etcdProblems('  user: Etcd', '  group: 9etcd')).toEqual([
			`cluster.yaml:11:9 etcd.user: "Etcd" is not a valid Linux user name; use lowercase letters, digits, '_' or '-', starting with a letter or '_', at most 32 characters`,
			`cluster.yaml:12:10 etcd.group: "9etcd" is not a valid Linux group name; use lowercase letters, digits, '_' or '-', starting with a letter or '_', at most 32 characters`,
		]);
	});

	it('accepts uid and gid of 0 or more, and rejects negative ones', () => {
		expect(etcdProblems('  uid: 0', '  gid: 990')).toEqual([]);
		expect(etcdProblems('  uid: -1')).toEqual([
			'cluster.yaml:11:8 etcd.uid: -1 must be a whole number, 0 or more (or remove it to let the host choose)',
		]);
	});
});

describe('etcd directories', () => {
	it('wants absolute paths', () => {
		expect(etcdProblems('  binDir: usr/local/bin')).toEqual([
			'cluster.yaml:11:11 etcd.binDir: "usr/local/bin" must be an absolute path such as /usr/local/bin',
		]);
	});

	const OWN =
		"apply would chown and chmod it for etcd on every host; use a directory of etcd's own";

	it('rejects /, however it is written', () => {
		expect(etcdProblems('  dataDir: //')).toEqual([
			`cluster.yaml:11:12 etcd.dataDir: "//" is /, a system directory: ${OWN}, e.g. /var/lib/etcd`,
		]);
		expect(etcdProblems('  confDir: /etc/..')).toEqual([
			`cluster.yaml:11:12 etcd.confDir: "/etc/.." is /, a system directory: ${OWN}, e.g. /etc/etcd`,
		]);
	});

	it.each([
		['/etc', ''],
		['/etc/', ' is /etc,'],
		['//etc//etcd/..', ' is /etc,'],
		['/var/lib/etcd/..', ' is /var/lib,'],
		['/var', ''],
		['/usr', ''],
		['/usr/bin', ''],
		['/usr/local', ''],
		['/usr/local/bin', ''],
		['/home', ''],
		['/root', ''],
		['/opt', ''],
		['/srv', ''],
		['/boot', ''],
		['/etc/systemd/system', ''],
		['/etc/./ssh', ' is /etc/ssh,'],
	])('rejects the system directory %s as confDir and dataDir', (dir, normal) => {
		const is = normal || ' is';
		expect(etcdProblems(`  confDir: ${dir}`)).toEqual([
			`cluster.yaml:11:12 etcd.confDir: "${dir}"${is} a system directory: ${OWN}, e.g. /etc/etcd`,
		]);
		expect(etcdProblems(`  dataDir: ${dir}`)).toEqual([
			`cluster.yaml:11:12 etcd.dataDir: "${dir}"${is} a system directory: ${OWN}, e.g. /var/lib/etcd`,
		]);
	});

	it('rejects a home directory', () => {
		expect(etcdProblems('  dataDir: /home/ops/')).toEqual([
			`cluster.yaml:11:12 etcd.dataDir: "/home/ops/" is /home/ops, a user's home directory: ${OWN}, e.g. /var/lib/etcd`,
		]);
		expect(etcdProblems('  dataDir: /home/ops/etcd')).toEqual([]);
	});

	it.each([
		[
			'/tmp/etcd',
			'is inside /tmp, which every user may write to: another user could make it, or a link in its place, before apply does, and it is emptied at boot',
		],
		[
			'/var/tmp/etcd',
			'is inside /var/tmp, which every user may write to: another user could make it, or a link in its place, before apply does, and it is emptied at boot',
		],
		['/run/etcd', 'is inside /run, which lives in memory: it is gone after a reboot'],
		['/dev/shm/etcd', 'is inside /dev, a kernel filesystem, not a place for files'],
		['/proc/etcd', 'is inside /proc, a kernel filesystem, not a place for files'],
		['/sys/fs/etcd', 'is inside /sys, a kernel filesystem, not a place for files'],
	])('rejects %s, %s', (dir, why) => {
		expect(etcdProblems(`  dataDir: ${dir}`)).toEqual([
			`cluster.yaml:11:12 etcd.dataDir: "${dir}" ${why}; use e.g. /var/lib/etcd`,
		]);
		expect(etcdProblems(`  binDir: ${dir}`)).toEqual([
			`cluster.yaml:11:11 etcd.binDir: "${dir}" ${why}; use e.g. /usr/local/bin`,
		]);
	});

	it('accepts a binDir of /usr/local/bin, /usr/local/sbin or one of its own', () => {
		for (const dir of ['/usr/local/bin', '/usr/local/sbin/', '/opt/etcd/bin']) {
			expect(etcdProblems(`  binDir: ${dir}`)).toEqual([]);
		}
	});

	it.each(['/usr/bin', '/bin', '/sbin', '/usr/sbin', '/usr/./bin/'])(
		'rejects the binDir %s, which holds packaged programs',
		(dir) => {
			const is = dir === '/usr/./bin/' ? ' is /usr/bin,' : ' is';
			expect(etcdProblems(`  binDir: ${dir}`)).toEqual([
				`cluster.yaml:11:11 etcd.binDir: "${dir}"${is} where the distribution's packages keep their programs: apply would install etcd and etcdctl over a packaged etcd; use /usr/local/bin (the default) or a directory of its own, e.g. /opt/etcd/bin`,
			]);
		},
	);

	it.each(['/', '/etc', '/usr/local', '/var/lib'])('rejects the binDir %s', (dir) => {
		expect(etcdProblems(`  binDir: ${dir}`)).toEqual([
			`cluster.yaml:11:11 etcd.binDir: "${dir}" is a system directory, not one for etcd's programs; use /usr/local/bin (the default) or a directory of its own, e.g. /opt/etcd/bin`,
		]);
	});

	it('caps a long value in the message', () => {
		const dir = `/etc/${'a'.repeat(100)}/..`;
		expect(etcdProblems(`  confDir: ${dir}`)).toEqual([
			`cluster.yaml:11:12 etcd.confDir: "${dir.slice(0, 80)}…" is /etc, a system directory: ${OWN}, e.g. /etc/etcd`,
		]);
	});

	it('loads the directories normalised', () => {
		const text = file(
			'etcd:',
			'  confDir: //etc//etcd/../etcd-x/./',
			'  dataDir: /var/lib/etcd/',
			'  binDir: /opt/etcd/bin/../bin',
		);
		const { etcd } = parseClusterFile(text, 'cluster.yaml').spec ?? {};
		expect([etcd?.confDir, etcd?.dataDir, etcd?.binDir]).toEqual([
			'/etc/etcd-x',
			'/var/lib/etcd',
			'/opt/etcd/bin',
		]);
	});

	it('compares data and config dirs normalised', () => {
		expect(etcdProblems('  dataDir: /etc/etcd/./data/x/..')).toEqual([
			'cluster.yaml:11:12 etcd.dataDir: must not be inside confDir (/etc/etcd); use e.g. /var/lib/etcd',
		]);
		expect(etcdProblems('  confDir: /srv/a/../etcd', '  dataDir: /srv//etcd')).toEqual([
			'cluster.yaml:12:12 etcd.dataDir: is the same directory as confDir (/srv/etcd); keep data and configuration apart, e.g. /var/lib/etcd',
		]);
	});

	it('rejects spaces', () => {
		expect(etcdProblems('  confDir: /etc/my etcd')).toEqual([
			'cluster.yaml:11:12 etcd.confDir: "/etc/my etcd" must not contain spaces; use e.g. /etc/etcd',
		]);
	});

	it('rejects a data dir inside the config dir', () => {
		expect(etcdProblems('  dataDir: /etc/etcd/data')).toEqual([
			'cluster.yaml:11:12 etcd.dataDir: must not be inside confDir (/etc/etcd); use e.g. /var/lib/etcd',
		]);
	});

	it('rejects a config dir inside the data dir', () => {
		expect(etcdProblems('  confDir: /var/lib/etcd/conf/')).toEqual([
			'cluster.yaml:11:12 etcd.confDir: must not be inside dataDir (/var/lib/etcd); use e.g. /etc/etcd',
		]);
	});

	it('rejects the same dir for both', () => {
		expect(etcdProblems('  confDir: /srv/etcd', '  dataDir: /srv/etcd/')).toEqual([
			'cluster.yaml:12:12 etcd.dataDir: is the same directory as confDir (/srv/etcd); keep data and configuration apart, e.g. /var/lib/etcd',
		]);
	});

	it('accepts sibling dirs that share a prefix', () => {
		expect(etcdProblems('  confDir: /srv/etcd', '  dataDir: /srv/etcd-data')).toEqual([]);
	});
});
