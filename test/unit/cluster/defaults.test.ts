import { describe, expect, it } from 'vitest';
import {
	applyDefaults,
	CHECKSUM_URL_TEMPLATE,
	DEFAULTS,
	DOWNLOAD_URL_TEMPLATE,
	expandUrlTemplate,
	releaseTarballName,
} from '../../../source/cluster/index.js';

const host = { name: 'etcd1', address: '10.0.0.1' };

describe('DEFAULTS', () => {
	it('holds design.md values for ssh and pki', () => {
		expect(DEFAULTS.ssh).toEqual({
			user: 'root',
			port: 22,
			identityFile: '~/.ssh/id_ed25519',
			knownHostsFile: '~/.ssh/known_hosts',
		});
		expect(DEFAULTS.pki).toEqual({ dir: './pki' });
	});

	it('holds design.md values for etcd', () => {
		expect(DEFAULTS.etcd).toEqual({
			version: '3.6.14',
			downloadUrl: DOWNLOAD_URL_TEMPLATE,
			checksumUrl: CHECKSUM_URL_TEMPLATE,
			interface: 'wg0',
			clientPort: 2379,
			peerPort: 2380,
			user: 'etcd',
			group: 'etcd',
			confDir: '/etc/etcd',
			dataDir: '/var/lib/etcd',
			binDir: '/usr/local/bin',
			settings: { 'heartbeat-interval': 100, 'election-timeout': 1000 },
		});
	});

	it('points the URL templates at the upstream GitHub releases', () => {
		const values = { version: '3.6.14', arch: 'arm64' };
		expect(expandUrlTemplate(DOWNLOAD_URL_TEMPLATE, values)).toBe(
			'https://github.com/etcd-io/etcd/releases/download/v3.6.14/etcd-v3.6.14-linux-arm64.tar.gz',
		);
		expect(expandUrlTemplate(CHECKSUM_URL_TEMPLATE, values)).toBe(
			'https://github.com/etcd-io/etcd/releases/download/v3.6.14/SHA256SUMS',
		);
		expect(releaseTarballName('3.6.14', 'amd64')).toBe('etcd-v3.6.14-linux-amd64.tar.gz');
	});
});

describe('applyDefaults', () => {
	it('fills everything but name and hosts', () => {
		const spec = applyDefaults({});
		expect(spec.name).toBe('');
		expect(spec.hosts).toEqual([]);
		expect(spec.apiVersion).toBe('etcd-wizard/v1');
		expect(spec.ssh).toEqual(DEFAULTS.ssh);
		expect(spec.etcd).toEqual(DEFAULTS.etcd);
		expect(spec.pki).toEqual(DEFAULTS.pki);
	});

	it('keeps given values', () => {
		const spec = applyDefaults({
			name: 'lab',
			hosts: [host],
			ssh: { user: 'ops', port: 2222 },
			etcd: { interface: 'tap0', uid: 990 },
			pki: { dir: '/srv/pki' },
		});
		expect(spec.name).toBe('lab');
		expect(spec.hosts).toEqual([host]);
		expect(spec.ssh.user).toBe('ops');
		expect(spec.ssh.port).toBe(2222);
		expect(spec.etcd.interface).toBe('tap0');
		expect(spec.etcd.uid).toBe(990);
		expect(spec.etcd.gid).toBeUndefined();
		expect(spec.pki.dir).toBe('/srv/pki');
	});

	it('merges settings over the default settings', () => {
		const spec = applyDefaults({
			etcd: { settings: { 'election-timeout': 2500, 'snapshot-count': 5 } },
		});
		expect(spec.etcd.settings).toEqual({
			'heartbeat-interval': 100,
			'election-timeout': 2500,
			'snapshot-count': 5,
		});
	});

	it('applies no download URLs when a tarball is given', () => {
		const spec = applyDefaults({ etcd: { tarball: './etcd.tar.gz' } });
		expect(spec.etcd.tarball).toBe('./etcd.tar.gz');
		expect('downloadUrl' in spec.etcd).toBe(false);
		expect('checksumUrl' in spec.etcd).toBe(false);
	});

	it('applies no checksum URL when a download URL is given', () => {
		const spec = applyDefaults({ etcd: { downloadUrl: 'http://mirror/{version}.tgz' } });
		expect(spec.etcd.downloadUrl).toBe('http://mirror/{version}.tgz');
		expect(spec.etcd.checksumUrl).toBeUndefined();
	});

	it('applies no identity file when the agent is chosen', () => {
		expect(applyDefaults({ ssh: { agent: true } }).ssh.identityFile).toBeUndefined();
		expect(applyDefaults({ ssh: { agent: false } }).ssh.identityFile).toBe('~/.ssh/id_ed25519');
		const both = applyDefaults({ ssh: { agent: true, identityFile: '~/.ssh/lab' } }).ssh;
		expect(both).toMatchObject({ agent: true, identityFile: '~/.ssh/lab' });
	});
});
