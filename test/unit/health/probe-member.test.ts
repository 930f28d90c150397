import { connect, createServer, type Server, type Socket } from 'node:net';
import { type Duplex, PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { probeMember } from '../../../source/health/probe-member.js';
import type { ClientIdentity, Dial, MemberEndpoint } from '../../../source/health/types.js';

// The TLS handshake never gets far enough here to look at these.
const IDENTITY: ClientIdentity = { caCert: '', cert: '', key: '' };
const MEMBER: MemberEndpoint = { name: 'etcd1', ip: '10.88.0.11', clientPort: 2379 };

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A local TCP server that does `onConnection` with each socket; the dialer reaches it. */
async function serve(onConnection: (socket: Socket) => void): Promise<Dial> {
	const server = createServer((socket) => {
		sockets.push(socket);
		onConnection(socket);
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return () =>
		new Promise<Duplex>((resolve, reject) => {
			const socket = connect(port, '127.0.0.1', () => resolve(socket));
			socket.once('error', reject);
		});
}

describe('probeMember without a working member', () => {
	it('says it cannot reach the member when the dial fails, with the dialer reason', async () => {
		const dial: Dial = async () => {
			throw new Error('(SSH) Channel open failure: Connection refused');
		};
		const check = await probeMember(MEMBER, IDENTITY, dial);
		expect(check).toMatchObject({
			name: 'etcd1',
			endpoint: 'https://10.88.0.11:2379',
			id: null,
			healthy: false,
			latencyMs: null,
			error:
				'cannot reach etcd1 at 10.88.0.11:2379: (SSH) Channel open failure: Connection refused',
		});
		expect(check.memberList).toBeUndefined();
	});

	it('writes an IPv6 endpoint with brackets', async () => {
		const dial: Dial = async () => {
			throw new Error('no route');
		};
		const v6 = { name: 'etcd1', ip: 'fd00:88::11', clientPort: 2379 };
		const check = await probeMember(v6, IDENTITY, dial);
		expect(check.endpoint).toBe('https://[fd00:88::11]:2379');
		expect(check.error).toBe('cannot reach etcd1 at [fd00:88::11]:2379: no route');
	});

	it('gives up a dial that never comes within the time limit', async () => {
		const never: Dial = () => new Promise(() => {});
		const check = await probeMember(MEMBER, IDENTITY, never, { timeoutMs: 50 });
		expect(check.error).toBe(
			'cannot reach etcd1 at 10.88.0.11:2379: no answer to the connect within 50 ms',
		);
	});

	it('gives up a TLS handshake nobody answers, naming the stage', async () => {
		const dial = await serve(() => {});
		const check = await probeMember(MEMBER, IDENTITY, dial, { timeoutMs: 100 });
		expect(check.error).toBe(
			'etcd1 at 10.88.0.11:2379: no answer to the TLS handshake within 100 ms',
		);
	});

	it('says TLS failed when the port speaks plain HTTP', async () => {
		const dial = await serve((socket) =>
			socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')),
		);
		const check = await probeMember(MEMBER, IDENTITY, dial);
		expect(check.error).toMatch(
			/^TLS with etcd1 at 10\.88\.0\.11:2379 failed: wrong version number$/,
		);
	});

	it('says the member hung up when it closes the connection during the handshake', async () => {
		const dial = await serve((socket) => socket.once('data', () => socket.end()));
		const check = await probeMember(MEMBER, IDENTITY, dial);
		expect(check.error).toBe(
			'etcd1 at 10.88.0.11:2379 hung up during the TLS handshake (Client network socket ' +
				'disconnected before secure TLS connection was established); check that etcd serves TLS on port 2379',
		);
	});

	it('rejects with the abort reason when the caller aborts, and destroys a late stream', async () => {
		const controller = new AbortController();
		let late: Duplex | undefined;
		const dial: Dial = (_member, signal) =>
			new Promise((resolve) => {
				signal?.addEventListener('abort', () => {
					const stream = new PassThrough();
					late = stream;
					resolve(stream);
				});
			});
		const checking = probeMember(MEMBER, IDENTITY, dial, { signal: controller.signal });
		controller.abort(new Error('the operator pressed ctrl-c'));
		await expect(checking).rejects.toThrow('the operator pressed ctrl-c');
		await expect.poll(() => late?.destroyed).toBe(true);
	});

	it('rejects at once when the signal is already aborted', async () => {
		const dial: Dial = async () => {
			throw new Error('must not dial');
		};
		await expect(
			probeMember(MEMBER, IDENTITY, dial, { signal: AbortSignal.abort(new Error('stopped')) }),
		).rejects.toThrow('stopped');
	});
});
