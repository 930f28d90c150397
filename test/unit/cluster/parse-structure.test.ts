import { describe, expect, it } from 'vitest';
import { parseClusterFile } from '../../../source/cluster/index.js';
import { file, HEAD, problems } from './helpers.js';

describe('parseClusterFile: YAML and top level', () => {
	it('reports YAML syntax errors with their position and no spec', () => {
		const parsed = parseClusterFile('name: x\nssh: user: ops\n', 'c.yaml');
		expect(parsed.spec).toBeUndefined();
		expect(parsed.diagnostics).toEqual([
			{
				severity: 'error',
				file: 'c.yaml',
				line: 2,
				column: 6,
				path: '',
				message: 'invalid YAML: Nested mappings are not allowed in compact mappings',
			},
		]);
	});

	it('reports tabs used for indentation', () => {
		expect(problems('name: x\n\tport: 1\n')).toEqual([
			'cluster.yaml:2:1 invalid YAML: Tabs are not allowed as indentation',
		]);
	});

	it('refuses several documents in one file', () => {
		expect(problems(`${file()}---\nname: other\n`)).toEqual([
			"cluster.yaml:10:1 invalid YAML: the file holds more than one YAML document ('---'); keep one cluster per file",
		]);
	});

	it('reports duplicate keys', () => {
		expect(problems('name: a\nname: b\n')).toEqual([
			'cluster.yaml:2:1 invalid YAML: Map keys must be unique',
		]);
	});

	it('reports an empty file at its start', () => {
		expect(problems('# nothing\n')).toEqual([
			'cluster.yaml:1:1 the file is empty; a cluster file starts with "apiVersion: etcd-wizard/v1"',
		]);
	});

	it('reports a file that is not a map', () => {
		expect(problems('- a\n- b\n')).toEqual([
			'cluster.yaml:1:1 the file must be a map with the keys apiVersion, name, ssh, etcd, pki, hosts; got a list',
		]);
	});

	it('requires apiVersion', () => {
		expect(problems(`${HEAD.slice(1).join('\n')}\n`)).toEqual([
			'cluster.yaml:1:1 apiVersion: is required; write "apiVersion: etcd-wizard/v1" as the first line',
		]);
	});

	it('rejects another apiVersion', () => {
		const text = file().replace('etcd-wizard/v1', 'etcd-wizard/v2');
		expect(problems(text)).toEqual([
			'cluster.yaml:1:13 apiVersion: "etcd-wizard/v2" is not supported; write "apiVersion: etcd-wizard/v1"',
		]);
	});

	it('requires a name', () => {
		const text = file().replace('name: homelab\n', '');
		expect(problems(text)).toEqual([
			`cluster.yaml:1:1 name: is required: a short cluster name such as "homelab" (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`,
		]);
	});

	it('rejects a name that is not a DNS label', () => {
		const text = file().replace('name: homelab', 'name: Home_Lab');
		expect(problems(text)).toEqual([
			`cluster.yaml:2:7 name: "Home_Lab" is not a usable cluster name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
		]);
	});

	it('reports an unknown top-level key with the accepted keys', () => {
		expect(problems(file('host:', '  - name: etcd4'))).toEqual([
			'cluster.yaml:10:1 host: unknown key "host"; did you mean "hosts"? Accepted keys: apiVersion, name, ssh, etcd, pki, hosts',
		]);
	});

	it('reports an unknown key without a near match', () => {
		expect(problems(file('pki:', '  directory: ./pki'))).toEqual([
			'cluster.yaml:11:3 pki.directory: unknown key "directory". Accepted keys: dir',
		]);
	});

	it('reports a section that is not a map', () => {
		expect(problems(file('ssh: root'))).toEqual([
			'cluster.yaml:10:6 ssh: must be a map with the keys user, port, identityFile, agent, knownHostsFile; got the string "root"',
		]);
	});

	it('collects every problem instead of stopping at the first', () => {
		const text = file('ssh:', '  usr: ops', '  port: nope', 'pki:', '  dir: ""');
		expect(problems(text)).toEqual([
			'cluster.yaml:11:3 ssh.usr: unknown key "usr"; did you mean "user"? Accepted keys: user, port, identityFile, agent, knownHostsFile',
			'cluster.yaml:12:9 ssh.port: must be a whole number; got the string "nope"',
			'cluster.yaml:14:8 pki.dir: must not be empty; write a value or remove the key',
		]);
	});
});

describe('parseClusterFile: types', () => {
	it('wants numbers unquoted', () => {
		expect(problems(file('ssh:', '  port: "22"'))).toEqual([
			'cluster.yaml:11:9 ssh.port: must be a whole number (remove the quotes); got the string "22"',
		]);
	});

	it('wants whole numbers', () => {
		expect(problems(file('etcd:', '  clientPort: 2379.5'))).toEqual([
			'cluster.yaml:11:15 etcd.clientPort: must be a whole number; got 2379.5',
		]);
	});

	it('wants true or false, not yes', () => {
		expect(problems(file('ssh:', '  agent: yes'))).toEqual([
			'cluster.yaml:11:10 ssh.agent: must be true or false; got the string "yes"',
		]);
	});

	it('wants strings, and says so for a version written as a number', () => {
		expect(problems(file('etcd:', '  version: 3.6'))).toEqual([
			'cluster.yaml:11:12 etcd.version: must be a string (put it in quotes); got 3.6',
		]);
	});

	it('points at the key when a value is missing', () => {
		expect(problems(file('ssh:', '  user:'))).toEqual([
			'cluster.yaml:11:3 ssh.user: has no value; write a string or remove the key',
		]);
	});

	it('wants scalar etcd settings', () => {
		const text = file('etcd:', '  settings:', '    cors: [a, b]', '    log-level:');
		expect(problems(text)).toEqual([
			'cluster.yaml:12:11 etcd.settings.cors: must be a string, number or boolean; got a list',
			'cluster.yaml:13:5 etcd.settings.log-level: has no value; write a string, number or boolean or remove the key',
		]);
	});

	it('wants a list of hosts', () => {
		const text = 'apiVersion: etcd-wizard/v1\nname: x\nhosts:\n  name: etcd1\n';
		expect(problems(text)).toEqual([
			'cluster.yaml:4:3 hosts: must be a list of hosts, each with a name and an address; got a map',
		]);
	});
});
