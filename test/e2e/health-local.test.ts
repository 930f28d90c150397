import { existsSync, rmSync } from 'node:fs';
import { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	type ClusterHealth,
	type Dial,
	healthExitCode,
	type MemberEndpoint,
	probeCluster,
	probeMember,
	waitForHealthy,
} from '../../source/health/index.js';
import {
	ETCD_BINARY,
	type LocalCluster,
	type LocalPki,
	localDial,
	makeLocalPki,
	startLocalCluster,
} from '../support/local-etcd.js';
import { DESIGN_CLUSTER_KEYS, DESIGN_MEMBER_KEYS } from '../unit/health/fixtures.js';

const endpoints = (cluster: LocalCluster): MemberEndpoint[] =>
	cluster.members.map(({ name, ip, clientPort }) => ({ name, ip, clientPort }));

const memberNamed = (health: ClusterHealth, name: string) =>
	health.members.find((m) => m.name === name);

describe('health against real local etcd members (mutual TLS, no mocks)', () => {
	let pki: LocalPki;
	let three: LocalCluster;
	let wrongIp: LocalCluster;

	beforeAll(async () => {
		if (!existsSync(ETCD_BINARY)) {
			throw new Error(`${ETCD_BINARY} is missing: apt-get install etcd-server`);
		}
		pki = makeLocalPki();
		[three, wrongIp] = await Promise.all([
			startLocalCluster(pki, { size: 3 }),
			startLocalCluster(pki, { size: 1, serverCert: 'wrongIp' }),
		]);
	});

	afterAll(async () => {
		await Promise.all([three?.destroy(), wrongIp?.destroy()]);
		if (pki) rmSync(pki.dir, { recursive: true, force: true });
	});

	it('reports a healthy 3-member cluster in the shape of design.md', async () => {
		const health = await probeCluster('local', endpoints(three), pki.admin, localDial);

		expect(healthExitCode(health)).toBe(0);
		expect(Object.keys(health)).toEqual(['cluster', 'members']);
		expect(Object.keys(health.cluster)).toEqual(DESIGN_CLUSTER_KEYS);
		for (const member of health.members) expect(Object.keys(member)).toEqual(DESIGN_MEMBER_KEYS);
		expect(JSON.parse(JSON.stringify(health))).toEqual(health);

		const leaders = health.members.filter((m) => m.isLeader);
		expect(leaders).toHaveLength(1);
		expect(health.cluster).toEqual({
			name: 'local',
			healthy: true,
			quorum: true,
			leader: leaders[0]?.name,
			clusterId: expect.stringMatching(/^[0-9a-f]{1,16}$/),
			members: 3,
		});
		expect(new Set(health.members.map((m) => m.raftTerm)).size).toBe(1);
		expect(new Set(health.members.map((m) => m.id)).size).toBe(3);
		for (const [i, member] of health.members.entries()) {
			expect(member).toMatchObject({
				name: `etcd${i + 1}`,
				endpoint: `https://127.0.0.1:${three.members[i]?.clientPort}`,
				id: expect.stringMatching(/^[0-9a-f]{1,16}$/),
				version: '3.4.23',
				isLearner: false,
				errors: [],
				alarms: [],
				healthy: true,
				error: null,
			});
			expect(member.dbSize).toBeGreaterThan(0);
			expect(member.raftAppliedIndex).toBeGreaterThan(0);
			expect(member.latencyMs).toBeGreaterThan(0);
		}
	});

	it('gives each member the cluster ID the others see and the member list', async () => {
		const checks = await Promise.all(
			endpoints(three).map((m) => probeMember(m, pki.admin, localDial)),
		);
		const health = await probeCluster('local', endpoints(three), pki.admin, localDial);
		expect(new Set(checks.map((c) => c.clusterIdHex))).toEqual(new Set([health.cluster.clusterId]));
		expect(new Set(checks.map((c) => c.leaderId)).size).toBe(1);
		for (const check of checks) {
			expect(check.memberList?.map((m) => [m.name, m.id]).sort()).toEqual(
				health.members.map((m) => [m.name, m.id]).sort(),
			);
		}
	});

	it('works over a stream that is not a socket, as an SSH channel is, and closes it', async () => {
		const channels: Duplex[] = [];
		const channelDial: Dial = async (member, signal) => {
			const socket = await localDial(member, signal);
			const channel = new Duplex({
				read() {},
				write(chunk, _encoding, done) {
					socket.write(chunk, done);
				},
				final(done) {
					socket.end(done);
				},
				destroy(error, done) {
					socket.destroy();
					done(error);
				},
			});
			socket.on('data', (data) => channel.push(data));
			socket.on('end', () => channel.push(null));
			channels.push(channel);
			return channel;
		};
		const health = await probeCluster('local', endpoints(three), pki.admin, channelDial);
		expect(healthExitCode(health)).toBe(0);
		// One channel a member, each closed once the member is checked.
		expect(channels).toHaveLength(3);
		for (const channel of channels) expect(channel.destroyed).toBe(true);
	});

	it('says so when the members refuse a client certificate from another CA', async () => {
		const health = await probeCluster('local', endpoints(three), pki.foreignAdmin, localDial);
		expect(healthExitCode(health)).toBe(2);
		for (const member of health.members) {
			expect(member.healthy).toBe(false);
			expect(member.error).toMatch(
				new RegExp(`^${member.name} at 127\\.0\\.0\\.1:\\d+ refused the client certificate`),
			);
		}
	});

	it('says so when a member certificate is not signed by the CA the operator trusts', async () => {
		const notOurCa = { ...pki.admin, caCert: pki.foreignCaCert };
		const health = await probeCluster('local', endpoints(three), notOurCa, localDial);
		expect(healthExitCode(health)).toBe(2);
		for (const member of health.members) {
			expect(member.error).toMatch(
				new RegExp(`^certificate of ${member.name} at .* is not signed by the cluster CA`),
			);
		}
	});

	it('says so when a member certificate does not cover the member IP', async () => {
		const health = await probeCluster('local', endpoints(wrongIp), pki.admin, localDial);
		expect(healthExitCode(health)).toBe(2);
		expect(health.members[0]?.error).toMatch(
			/^certificate of etcd1 does not cover 127\.0\.0\.1 \(SANs: IP Address:127\.0\.0\.2, DNS:localhost\)/,
		);
	});

	it('exits 1 when a follower stops, waits for it and names it past the deadline', async () => {
		const before = await probeCluster('local', endpoints(three), pki.admin, localDial);
		const follower = before.members.find((m) => !m.isLeader)?.name ?? 'etcd1';
		const port = three.members.find((m) => m.name === follower)?.clientPort;
		await three.stop(follower);

		const degraded = await probeCluster('local', endpoints(three), pki.admin, localDial);
		expect(healthExitCode(degraded)).toBe(1);
		expect(degraded.cluster).toMatchObject({ healthy: false, quorum: true, members: 3 });
		expect(memberNamed(degraded, follower)).toMatchObject({
			healthy: false,
			// The member list of the others still knows its ID.
			id: memberNamed(before, follower)?.id,
			error: expect.stringMatching(
				new RegExp(`^cannot reach ${follower} at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
			),
		});

		const late = waitForHealthy('local', endpoints(three), pki.admin, localDial, {
			deadlineMs: 800,
			intervalMs: 100,
			want: 'all',
		});
		await expect(late).rejects.toThrow(
			new RegExp(`did not reach every member healthy within 800 ms; ${follower}: cannot reach`),
		);
		// A quorum is there all along.
		const quorum = await waitForHealthy('local', endpoints(three), pki.admin, localDial, {
			deadlineMs: 5000,
			want: 'quorum',
		});
		expect(quorum.cluster.quorum).toBe(true);

		// Count the passes that find the member away, so it comes back only while the wait polls.
		let dialsOfFollower = 0;
		const countingDial: Dial = (member, signal) => {
			if (member.name === follower) dialsOfFollower++;
			return localDial(member, signal);
		};
		let settled = false;
		const waiting = waitForHealthy('local', endpoints(three), pki.admin, countingDial, {
			deadlineMs: 60_000,
			intervalMs: 100,
			want: 'all',
		}).finally(() => {
			settled = true;
		});
		await vi.waitFor(() => expect(dialsOfFollower).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
		expect(settled).toBe(false);
		await three.start(follower);
		const back = await waiting;
		expect(healthExitCode(back)).toBe(0);
		expect(memberNamed(back, follower)?.healthy).toBe(true);
	});

	it('exits 2 when two of three members stop', async () => {
		const [first, second, survivor] = three.members.map((m) => m.name);
		await Promise.all([three.stop(first ?? ''), three.stop(second ?? '')]);
		const health = await probeCluster('local', endpoints(three), pki.admin, localDial);
		expect(healthExitCode(health)).toBe(2);
		expect(health.cluster.quorum).toBe(false);
		expect(memberNamed(health, first ?? '')?.error).toMatch(/^cannot reach etcd1 at /);
		expect(memberNamed(health, survivor ?? '')).toMatchObject({
			healthy: false,
			error: expect.stringMatching(/^etcd3 is unhealthy: /),
		});
	});
});
