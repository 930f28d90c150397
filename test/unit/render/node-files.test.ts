import { describe, expect, it } from 'vitest';
import {
	type DesiredFile,
	desiredNodeFiles,
	renderEtcdConfig,
} from '../../../source/render/index.js';
import { CA_PEM, clusterSpec, MEMBERS, TEMPLATES } from './fixtures.js';

const CERTS = {
	caCert: CA_PEM,
	serverCert: 'SERVER CERT',
	serverKey: 'SERVER KEY',
	peerCert: 'PEER CERT',
	peerKey: 'PEER KEY',
};

function files(
	spec = clusterSpec({ user: 'kv', group: 'kvg', confDir: '/etc/kv' }),
): DesiredFile[] {
	const [node] = MEMBERS as [(typeof MEMBERS)[0]];
	return desiredNodeFiles(TEMPLATES, spec, node, MEMBERS, CERTS, 'new', CA_PEM);
}

describe('desiredNodeFiles', () => {
	it('lays out every file with its mode, owner, group and secrecy', () => {
		const layout = files().map(({ path, mode, owner, group, secret }) => ({
			path,
			mode: mode.toString(8),
			owner,
			group,
			secret,
		}));
		expect(layout).toEqual([
			{ path: '/etc/kv/ca.crt', mode: '644', owner: 'root', group: 'kvg', secret: false },
			{ path: '/etc/kv/server.crt', mode: '644', owner: 'kv', group: 'kvg', secret: false },
			{ path: '/etc/kv/server.key', mode: '600', owner: 'kv', group: 'kvg', secret: true },
			{ path: '/etc/kv/peer.crt', mode: '644', owner: 'kv', group: 'kvg', secret: false },
			{ path: '/etc/kv/peer.key', mode: '600', owner: 'kv', group: 'kvg', secret: true },
			{ path: '/etc/kv/etcd.conf.yml', mode: '640', owner: 'root', group: 'kvg', secret: false },
			{ path: '/etc/kv/etcdctl.env', mode: '600', owner: 'root', group: 'root', secret: false },
			{
				path: '/etc/systemd/system/etcd.service',
				mode: '644',
				owner: 'root',
				group: 'root',
				secret: false,
			},
		]);
	});

	it('carries the certificates as given and the rendered files', () => {
		const byPath = new Map(files().map((file) => [file.path, file.content]));
		expect(byPath.get('/etc/kv/ca.crt')).toBe(CA_PEM);
		expect(byPath.get('/etc/kv/server.key')).toBe('SERVER KEY');
		expect(byPath.get('/etc/kv/peer.crt')).toBe('PEER CERT');
		expect(byPath.get('/etc/kv/etcd.conf.yml')).toContain('\nname: etcd1\n');
		expect(byPath.get('/etc/kv/etcdctl.env')).toContain('ETCDCTL_KEY=/etc/kv/server.key\n');
		expect(byPath.get('/etc/systemd/system/etcd.service')).toContain('\nUser=kv\n');
	});

	it('renders the same config as renderEtcdConfig with the token seed', () => {
		const spec = clusterSpec();
		const [node] = MEMBERS as [(typeof MEMBERS)[0]];
		const config = files(spec).find((file) => file.path === '/etc/etcd/etcd.conf.yml');
		expect(config?.content).toBe(
			renderEtcdConfig(TEMPLATES.etcdConf, spec, node, MEMBERS, 'new', CA_PEM),
		);
	});

	it('is the same on every call, so a re-run changes nothing', () => {
		expect(files()).toEqual(files());
	});
});
