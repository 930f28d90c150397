import { describe, expect, it } from 'vitest';
import { connectError, timeoutError } from '../../../source/ssh/connect-errors.js';

const target = {
	name: 'etcd1',
	address: '10.4.0.1',
	port: 2222,
	user: 'ops',
	credentials: 'identity file /k/id',
};
const raw = (message: string, fields: { code?: string; level?: string }) =>
	Object.assign(new Error(message), fields);

describe('connectError', () => {
	it.each([
		[{ code: 'ECONNREFUSED' }, 'connection to etcd1 (10.4.0.1:2222) refused', 'port 2222'],
		[{ code: 'ENOTFOUND' }, 'cannot resolve the address 10.4.0.1 of etcd1 (port 2222)', 'DNS'],
		[{ level: 'client-dns' }, 'cannot resolve the address 10.4.0.1 of etcd1 (port 2222)', 'DNS'],
		[{ code: 'EHOSTUNREACH' }, 'no route to etcd1 (10.4.0.1:2222)', 'VPN'],
		[{ code: 'ETIMEDOUT' }, 'no SSH answer from etcd1 (10.4.0.1:2222) in time', 'firewall'],
		[
			{ level: 'client-authentication' },
			'authentication as ops on etcd1 (10.4.0.1:2222) failed with identity file /k/id',
			'~ops/.ssh/authorized_keys',
		],
		[{ level: 'protocol' }, 'SSH connection to etcd1 (10.4.0.1:2222) failed: boom', 'SSH server'],
	])('names host and port for %j', (fields, message, hint) => {
		const error = connectError(target, raw('boom', fields));
		expect(error.message).toBe(message);
		expect(error.hint).toContain(hint);
		expect(error.host).toBe('etcd1');
	});

	it('says how long a timeout waited', () => {
		expect(timeoutError(target, 10_000).message).toBe(
			'no SSH answer from etcd1 (10.4.0.1:2222) within 10 s',
		);
	});
});
