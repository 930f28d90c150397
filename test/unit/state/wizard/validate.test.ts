import { describe, expect, it } from 'vitest';
import type { Answers, WizardState } from '../../../../source/state/wizard/types.js';
import {
	fieldProblems,
	hostsProblems,
	stepBlocker,
} from '../../../../source/state/wizard/validate.js';
import { factsWith, hostFacts, stateAt } from './fixtures.js';

const at = (
	step: WizardState['step'],
	answers: Partial<Answers>,
	extra: Partial<WizardState> = {},
) => {
	const state = stateAt(step);
	return { ...state, ...extra, answers: { ...state.answers, ...answers } };
};
const problems = (answers: Partial<Answers>, extra: Partial<WizardState> = {}) =>
	fieldProblems(at('tuning', answers, extra));
const error = (message: string) => [{ severity: 'error', message }];
const warning = (message: string) => [{ severity: 'warning', message }];

describe('fieldProblems', () => {
	it('finds nothing wrong with the defaults and three good hosts', () => {
		expect(problems({})).toEqual({});
	});

	it('puts the cluster validators’ reasons under the fields they are about', () => {
		const found = problems({ name: 'Home Lab', sshUser: ' ', user: 'Etcd', clientPort: '2380' });
		expect(found.name).toEqual(
			error(
				`"Home Lab" is not a usable cluster name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
			),
		);
		expect(found.sshUser).toEqual(
			error('must not be empty: root, or a user with passwordless sudo'),
		);
		expect(found.user?.[0]?.message).toMatch(/^"Etcd" is not a valid Linux user name/);
		expect(found.peerPort).toEqual(
			error("2380 is also the clientPort; use another port (etcd's default is 2380)"),
		);
	});

	it('says why typed text is not a number, instead of what the validators would make of it', () => {
		const found = problems({ sshPort: 'ssh', uid: '-1', gid: '1e3' });
		expect(found.sshPort).toEqual(error('"ssh" is not a whole number; type digits only, e.g. 22'));
		expect(found.uid).toEqual(error('"-1" is not a whole number; type digits only, e.g. 990'));
		expect(found.gid?.[0]?.severity).toBe('error');
	});

	it('files a key file problem under the choice, or under the typed path', () => {
		const message = 'type the path of your private key (e.g. ~/.ssh/id_ed25519)';
		expect(problems({ identity: 'other', identityFile: '' }).identityFile).toEqual(
			error(`${message}, or choose the ssh-agent above`),
		);
		const env = { ...stateAt('tuning').env, agentAvailable: false };
		expect(problems({ identity: 'other', identityFile: ' ' }, { env }).identityFile).toEqual(
			error(message),
		);
		expect(problems({ identity: 'agent' })).toEqual({});
	});

	it('checks the release: typed versions, end of life, mirror URLs, the tarball', () => {
		expect(problems({ release: 'other', version: '3.3.0' }).version).toEqual(
			error('etcd 3.3.0 is not supported; use 3.5 or later, e.g. "3.6.14"'),
		);
		expect(problems({ release: '3.4.23' }).release).toEqual(
			warning('etcd 3.4 is end of life (no more fixes); consider "3.6.14"'),
		);
		const mirror = problems({ source: 'mirror', downloadUrl: 'ftp://x' });
		expect(mirror.downloadUrl).toEqual(error('"ftp://x" must be an http:// or https:// URL'));
		expect(mirror.checksumUrl?.[0]?.message).toMatch(/^is required with downloadUrl/);
		expect(
			problems({ source: 'mirror', downloadUrl: 'http://m/etcd.tgz' }).downloadUrl?.[0]?.message,
		).toMatch(/^must contain \{version\}/);
		expect(problems({ source: 'tarball', tarball: '' }).tarball).toEqual(
			error('must name a local etcd-vX.Y.Z-linux-ARCH.tar.gz file'),
		);
	});

	it('checks tuning: the 5x rule, the limit, the quota warning, extra flags', () => {
		expect(problems({ heartbeat: '300', electionTimeout: '1000' }).electionTimeout).toEqual(
			error('1000 must be at least 5 x heartbeat-interval (300)'),
		);
		expect(problems({ electionTimeout: '60000' }).electionTimeout).toEqual(
			error("60000 must be at most 50000 (etcd's limit)"),
		);
		expect(problems({ heartbeat: 'fast' }).heartbeat).toEqual(
			error('"fast" must be a positive whole number (milliseconds)'),
		);
		expect(problems({ quotaBackendBytes: '9GiB' }).quotaBackendBytes?.[0]).toEqual({
			severity: 'warning',
			message:
				"9663676416 is above 8 GiB (8589934592), the most etcd's docs suggest; a larger database slows recovery and defragmentation",
		});
		expect(problems({ quotaBackendBytes: '8GiB' })).toEqual({});
		expect(problems({ extraFlags: 'data-dir=/x log_level=x --foo=1 novalue' }).extraFlags).toEqual([
			{ severity: 'error', message: '"novalue" needs the form key=value, e.g. log-level=warn' },
			{
				severity: 'error',
				message: 'data-dir: is set by etcd-wizard from etcd.dataDir; remove it',
			},
			{
				severity: 'warning',
				message: `log_level: etcd flag names use '-', not '_'; did you mean "log-level"?`,
			},
			{
				severity: 'error',
				message: '--foo: write etcd flag names without leading dashes, e.g. "foo"',
			},
		]);
	});

	it('checks the interface and ports against the gathered facts', () => {
		expect(problems({ interface: 'eth7' }).interface).toEqual(
			error('no host has an IPv4 address on "eth7"; choose an interface from the list'),
		);
		const missing = factsWith({ etcd3: hostFacts({ eth0: '10.77.0.13/24' }) });
		expect(problems({}, { facts: missing }).interface?.[0]?.message).toMatch(
			/^wg0 has no IPv4 address on etcd3/,
		);
		expect(problems({ clientPort: '22' }).clientPort?.[0]?.message).toMatch(
			/^22 is in use on etcd1 \(sshd on 0\.0\.0\.0\)/,
		);
		expect(problems({ peerPort: '80' }).peerPort?.[0]).toMatchObject({ severity: 'note' });
		// Without facts (before the connect step) nothing is said about them.
		expect(problems({ clientPort: '22', interface: 'eth7' }, { facts: new Map() })).toEqual({});
	});
});

describe('hostsProblems', () => {
	it('checks the host being typed as if it were added, and the list as a whole', () => {
		const state = at('hosts', {}, { draft: { name: 'Bad_Name', address: '10.77.0.11', focus: 0 } });
		const found = hostsProblems(state);
		expect(found.draft.hostName).toMatch(/^"Bad_Name" cannot be an etcd member name and DNS name/);
		expect(found.draft.hostAddress).toBe(
			'"10.77.0.11" is already used by hosts[0].address; each host needs its own address',
		);
		expect(found.list).toEqual([]);
		const editing = at(
			'hosts',
			{},
			{ draft: { index: 0, name: 'etcd1', address: '10.77.0.11', focus: 1 } },
		);
		expect(hostsProblems(editing).draft).toEqual({});
		const bad = hostsProblems(
			at('hosts', {
				hosts: [
					{ name: 'a', address: '10.0.0.1:22' },
					{ name: 'a', address: 'h' },
				],
			}),
		);
		expect(bad.hosts[0]).toEqual([
			'"10.0.0.1:22" includes a port; put the port in ssh.port instead',
		]);
		expect(bad.hosts[1]).toEqual([
			'"a" is already used by hosts[0].name; each host needs its own name',
		]);
		expect(bad.list[0]?.message).toMatch(/^2 members tolerate 0 failed members/);
		expect(hostsProblems(at('hosts', { hosts: [] })).list).toEqual(
			error('needs at least one host, each with a name and an address'),
		);
	});
});

describe('stepBlocker', () => {
	it('names what stops each step', () => {
		expect(stepBlocker(at('name', { name: '' }))).toMatch(/^is required: a short cluster name/);
		expect(stepBlocker(at('name', {}))).toBeUndefined();
		expect(stepBlocker(at('hosts', { hosts: [] }))).toBe(
			'needs at least one host, each with a name and an address',
		);
		expect(stepBlocker(at('hosts', {}, { draft: { name: '', address: '', focus: 0 } }))).toBe(
			'finish or cancel the host being edited first',
		);
		expect(stepBlocker(at('connect', {}))).toBe('every host must be reached first');
		expect(stepBlocker(at('review', { sshPort: '0' }))).toBe(
			'ssh.port: 0 is not a port; use a whole number from 1 to 65535',
		);
		expect(stepBlocker(at('review', {}))).toBeUndefined();
	});
});
