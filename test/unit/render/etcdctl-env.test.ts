import { describe, expect, it } from 'vitest';
import { renderEtcdctlEnv } from '../../../source/render/index.js';
import { clusterSpec, TEMPLATES } from './fixtures.js';

/** The variables as `set -a; . file` would export them. */
function variables(text: string): Record<string, string> {
	const entries = text
		.split('\n')
		.filter((line) => line !== '' && !line.startsWith('#'))
		.map((line) => {
			const [key = '', ...rest] = line.split('=');
			return [key, rest.join('=')] as const;
		});
	return Object.fromEntries(entries);
}

describe('renderEtcdctlEnv', () => {
	it('sets ETCDCTL_API=3 for etcd 3.4', () => {
		expect(
			variables(renderEtcdctlEnv(TEMPLATES.etcdctlEnv, clusterSpec({ version: '3.4.23' }))),
		).toEqual({
			ETCDCTL_API: '3',
			ETCDCTL_ENDPOINTS: 'https://127.0.0.1:2379',
			ETCDCTL_CACERT: '/etc/etcd/ca.crt',
			ETCDCTL_CERT: '/etc/etcd/server.crt',
			ETCDCTL_KEY: '/etc/etcd/server.key',
		});
	});

	it.each(['3.5.21', '3.6.14', '3.7.0'])('leaves ETCDCTL_API out for %s', (version) => {
		const text = renderEtcdctlEnv(
			TEMPLATES.etcdctlEnv,
			clusterSpec({ version, clientPort: 2479, confDir: '/etc/kv' }),
		);
		expect(text).not.toContain('ETCDCTL_API');
		expect(text).not.toMatch(/\n\n/);
		expect(variables(text)).toEqual({
			ETCDCTL_ENDPOINTS: 'https://127.0.0.1:2479',
			ETCDCTL_CACERT: '/etc/kv/ca.crt',
			ETCDCTL_CERT: '/etc/kv/server.crt',
			ETCDCTL_KEY: '/etc/kv/server.key',
		});
	});

	it('tells the operator how to source it', () => {
		const text = renderEtcdctlEnv(TEMPLATES.etcdctlEnv, clusterSpec());
		expect(text).toContain('# source this file as root: set -a; . /etc/etcd/etcdctl.env\n');
		expect(text).toMatchSnapshot();
	});

	it('refuses a confDir the shell would split', () => {
		expect(() =>
			renderEtcdctlEnv(TEMPLATES.etcdctlEnv, clusterSpec({ confDir: '/etc/$(id)' })),
		).toThrow('etcd.confDir "/etc/$(id)" cannot be written');
	});
});
