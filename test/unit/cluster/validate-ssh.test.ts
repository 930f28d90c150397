import { describe, expect, it } from 'vitest';
import { applyDefaults, validateCluster } from '../../../source/cluster/index.js';
import { file, problems } from './helpers.js';

describe('ssh validation', () => {
	it('rejects ports outside 1-65535', () => {
		expect(problems(file('ssh:', '  port: 0'))).toEqual([
			'cluster.yaml:11:9 ssh.port: 0 is not a port; use a whole number from 1 to 65535',
		]);
		expect(problems(file('ssh:', '  port: 65536'))).toEqual([
			'cluster.yaml:11:9 ssh.port: 65536 is not a port; use a whole number from 1 to 65535',
		]);
	});

	it('rejects an empty user', () => {
		expect(problems(file('ssh:', '  user: ""'))).toEqual([
			'cluster.yaml:11:9 ssh.user: must not be empty; write a value or remove the key',
		]);
	});

	it('accepts the agent alone, or with an identity file', () => {
		expect(problems(file('ssh:', '  agent: true'))).toEqual([]);
		expect(problems(file('ssh:', '  agent: true', '  identityFile: ~/.ssh/lab'))).toEqual([]);
	});

	it('needs an identity file or the agent', () => {
		const spec = { ...applyDefaults({ name: 'lab', hosts: [{ name: 'a', address: '10.0.0.1' }] }) };
		const ssh = { user: 'ops', port: 22, knownHostsFile: '~/.ssh/known_hosts', agent: false };
		expect(validateCluster({ ...spec, ssh }, 'cluster.yaml')).toEqual([
			{
				severity: 'error',
				file: 'cluster.yaml',
				line: 0,
				column: 0,
				path: 'ssh.identityFile',
				message:
					'is needed unless ssh.agent is true: set a private key file (e.g. ~/.ssh/id_ed25519) or agent: true',
			},
		]);
	});
});
