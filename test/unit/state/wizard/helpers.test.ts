import { describe, expect, it } from 'vitest';
import { formatExtraFlags, parseExtraFlags } from '../../../../source/state/wizard/flags.js';
import {
	interfaceChoices,
	interfaceProblem,
	subnetOf,
} from '../../../../source/state/wizard/interfaces.js';
import { byteSize, wholeNumber } from '../../../../source/state/wizard/numbers.js';
import { portProblems } from '../../../../source/state/wizard/ports.js';
import { checksumUrlBeside } from '../../../../source/state/wizard/releases.js';
import { FACTS, factsWith, HOSTS, hostFacts } from './fixtures.js';

describe('parseExtraFlags', () => {
	it('reads key=value words, with numbers and booleans typed', () => {
		expect(
			parseExtraFlags(
				'  log-level=warn  max-txn-ops=256 experimental-x=false feature-gates=A=true,B=false ',
			),
		).toEqual({
			settings: {
				'log-level': 'warn',
				'max-txn-ops': 256,
				'experimental-x': false,
				'feature-gates': 'A=true,B=false',
			},
			errors: [],
		});
	});

	it('refuses words without a key, keys with their own field, and keys given twice', () => {
		expect(parseExtraFlags('verbose =x heartbeat-interval=5 a=1 a=2').errors).toEqual([
			'"verbose" needs the form key=value, e.g. log-level=warn',
			'"=x" needs the form key=value, e.g. log-level=warn',
			'heartbeat-interval has its own field above; set it there',
			'a is given twice; keep one',
		]);
	});

	it('writes back the settings no field holds', () => {
		expect(
			formatExtraFlags({ 'heartbeat-interval': 100, 'log-level': 'warn', 'max-txn-ops': 256 }),
		).toBe('log-level=warn max-txn-ops=256');
	});
});

describe('numbers', () => {
	it('reads whole numbers and says why other text is not one', () => {
		expect(wholeNumber(' 2379 ', '2379')).toEqual({ value: 2379 });
		expect(wholeNumber('', '2379')).toEqual({ value: undefined });
		expect(wholeNumber('23.5', '2379').error).toBe(
			'"23.5" is not a whole number; type digits only, e.g. 2379',
		);
		expect(wholeNumber('99999999999999999999', '1').error).toContain('is not a whole number');
	});

	it('reads sizes in bytes or binary units', () => {
		expect(['1024', '512MiB', '8 GiB', '2kib', ''].map((t) => byteSize(t).value)).toEqual([
			1024,
			512 * 1024 ** 2,
			8 * 1024 ** 3,
			2048,
			undefined,
		]);
		expect(byteSize('8GB').error).toBe(
			'"8GB" is not a size; type bytes, or a number with KiB, MiB or GiB',
		);
	});
});

describe('checksumUrlBeside', () => {
	it('replaces the file name with SHA256SUMS', () => {
		expect(
			checksumUrlBeside('http://10.0.0.1:8080/v{version}/etcd-v{version}-linux-{arch}.tar.gz'),
		).toBe('http://10.0.0.1:8080/v{version}/SHA256SUMS');
		expect(checksumUrlBeside('http://host')).toBe('');
		expect(checksumUrlBeside('')).toBe('');
	});
});

describe('interfaceChoices', () => {
	it('offers wg0, tap0 and eth1 first, with every host’s address, loopback left out', () => {
		const facts = new Map(
			Object.entries({
				etcd1: hostFacts({
					lo: '127.0.0.1/8',
					eth0: '10.77.0.11/24',
					eth1: '192.168.1.11/24',
					wg0: '10.88.0.11/24',
				}),
				etcd2: hostFacts({
					eth0: '10.77.0.12/24',
					eth1: '192.168.1.12/24',
					wg0: '10.88.0.12/24',
					docker0: '172.17.0.1/16',
				}),
				etcd3: hostFacts({ eth0: '10.77.0.13/24', eth1: '192.168.2.13/24' }),
			}),
		);
		const choices = interfaceChoices(HOSTS, facts);
		expect(choices.map((c) => [c.name, c.missingOn, c.subnets])).toEqual([
			['wg0', ['etcd3'], ['10.88.0.0/24']],
			['eth1', [], ['192.168.1.0/24', '192.168.2.0/24']],
			['eth0', [], ['10.77.0.0/24']],
			['docker0', ['etcd1', 'etcd3'], ['172.17.0.0/16']],
		]);
		expect(choices[0]?.addresses[0]).toEqual({
			host: 'etcd1',
			address: '10.88.0.11',
			prefixLength: 24,
		});
		expect(interfaceProblem(choices[0], 'wg0')).toEqual({
			severity: 'error',
			message:
				'wg0 has no IPv4 address on etcd3: etcd binds to it on every host; bring it up there or choose another',
		});
		expect(interfaceProblem(choices[1], 'eth1')?.severity).toBe('warning');
		expect(interfaceProblem(choices[2], 'eth0')).toBeUndefined();
		expect(interfaceProblem(undefined, 'tap0')?.message).toBe(
			'no host has an IPv4 address on "tap0"; choose an interface from the list',
		);
	});

	it('computes subnets from address and prefix', () => {
		expect(subnetOf('10.88.0.11', 24)).toBe('10.88.0.0/24');
		expect(subnetOf('192.168.255.200', 17)).toBe('192.168.128.0/17');
		expect(subnetOf('8.8.8.8', 0)).toBe('0.0.0.0/0');
	});
});

describe('portProblems', () => {
	it('refuses a port another program holds, warns about etcd, explains privileged ports', () => {
		const facts = factsWith({
			etcd2: hostFacts({}, [
				{ port: 2379, address: '127.0.0.1', process: 'users:(("etcd",pid=7,fd=3))' },
			]),
			etcd3: hostFacts({}, [{ port: 2379, address: '0.0.0.0', process: 'nginx' }]),
		});
		expect(portProblems(2379, HOSTS, facts)).toEqual([
			{
				severity: 'error',
				message:
					'2379 is in use on etcd3 (nginx on 0.0.0.0); choose a free port or stop that program',
			},
			{
				severity: 'warning',
				message:
					"etcd already listens on 2379 on etcd2: fine when it is this cluster's member being re-run",
			},
		]);
		expect(portProblems(2380, HOSTS, facts)).toEqual([]);
		expect(portProblems(22, HOSTS, FACTS)[0]?.message).toBe(
			'22 is in use on etcd1 (sshd on 0.0.0.0), etcd2 (sshd on 0.0.0.0), etcd3 (sshd on 0.0.0.0); choose a free port or stop that program',
		);
		expect(portProblems(443, HOSTS, FACTS)).toEqual([
			{
				severity: 'note',
				message:
					'443 is below 1024: the etcd user cannot bind it by itself, so the unit grants etcd CAP_NET_BIND_SERVICE (only that capability)',
			},
		]);
	});
});
