import { describe, expect, it } from 'vitest';
import { healthExitCode } from '../../../source/health/exit-code.js';
import { summarizeCluster } from '../../../source/health/probe-cluster.js';
import type { ListedMember } from '../../../source/health/types.js';
import {
	CLUSTER_ID,
	DESIGN_MEMBER_KEYS,
	healthyCheck,
	IDS,
	LIST,
	unreachableCheck,
} from './fixtures.js';

describe('summarizeCluster', () => {
	it('sums up a healthy cluster in the shape of design.md, without the extras', () => {
		const health = summarizeCluster(
			'homelab',
			[0, 1, 2].map((i) => healthyCheck(i)),
		);
		expect(health.cluster).toEqual({
			name: 'homelab',
			healthy: true,
			quorum: true,
			leader: 'etcd2',
			clusterId: CLUSTER_ID,
			members: 3,
		});
		expect(Object.keys(health.members[0] ?? {})).toEqual(DESIGN_MEMBER_KEYS);
		expect(healthExitCode(health)).toBe(0);
	});

	it('keeps quorum with one member away and gives it the ID the others list', () => {
		const health = summarizeCluster('homelab', [
			healthyCheck(0),
			healthyCheck(1),
			unreachableCheck(2),
		]);
		expect(health.cluster).toMatchObject({ healthy: false, quorum: true, leader: 'etcd2' });
		expect(health.members[2]).toMatchObject({ id: IDS[2], healthy: false });
		expect(healthExitCode(health)).toBe(1);
	});

	it('has no quorum with two of three away, and no leader when the last one knows none', () => {
		const alone = healthyCheck(0, {
			healthy: false,
			isLeader: false,
			errors: ['etcdserver: no leader'],
			error: 'etcd1 is unhealthy: etcdserver: no leader',
			leaderId: undefined,
		});
		const health = summarizeCluster('homelab', [alone, unreachableCheck(1), unreachableCheck(2)]);
		expect(health.cluster).toMatchObject({
			healthy: false,
			quorum: false,
			leader: null,
			clusterId: CLUSTER_ID,
			members: 3,
		});
		expect(healthExitCode(health)).toBe(2);
	});

	it('knows nothing when nothing answers, and counts the configured members', () => {
		const health = summarizeCluster('homelab', [0, 1, 2].map(unreachableCheck));
		expect(health.cluster).toEqual({
			name: 'homelab',
			healthy: false,
			quorum: false,
			leader: null,
			clusterId: null,
			members: 3,
		});
		expect(health.members.map((m) => m.id)).toEqual([null, null, null]);
		expect(healthExitCode(health)).toBe(2);
	});

	it('is neither healthy nor in quorum with no member at all', () => {
		const health = summarizeCluster('homelab', []);
		expect(health.cluster).toMatchObject({ healthy: false, quorum: false, members: 0 });
		expect(healthExitCode(health)).toBe(2);
	});

	it('counts quorum over the voters of the member list, not over learners', () => {
		const learner: ListedMember = {
			id: 'abc',
			name: 'etcd4',
			peerURLs: [],
			clientURLs: [],
			isLearner: true,
		};
		const list = [...LIST, learner];
		const checks = [
			healthyCheck(0, { memberList: list }),
			healthyCheck(1, { memberList: list }),
			unreachableCheck(2),
		];
		const health = summarizeCluster('homelab', checks);
		// 2 healthy of 3 voters; the learner counts as a member, not as a voter.
		expect(health.cluster).toMatchObject({ quorum: true, members: 4 });
		const learnerHealthy = summarizeCluster('homelab', [
			healthyCheck(0, { memberList: list }),
			healthyCheck(3, { memberList: list, isLearner: true, id: 'abc', name: 'etcd4' }),
			unreachableCheck(1),
			unreachableCheck(2),
		]);
		expect(learnerHealthy.cluster.quorum).toBe(false);
	});

	it('takes the leader most members name, and its hex ID when the list does not name it', () => {
		const stale = healthyCheck(2, { healthy: false, leaderId: IDS[0], error: 'etcd3 lags' });
		const health = summarizeCluster('homelab', [healthyCheck(0), healthyCheck(1), stale]);
		expect(health.cluster.leader).toBe('etcd2');
		const unnamed = summarizeCluster('homelab', [
			healthyCheck(0, { leaderId: 'beef', memberList: undefined }),
		]);
		expect(unnamed.cluster.leader).toBe('beef');
	});

	it('marks a member that answers for another cluster as unhealthy', () => {
		const stranger = healthyCheck(2, { clusterIdHex: '1234' });
		const health = summarizeCluster('homelab', [healthyCheck(0), healthyCheck(1), stranger]);
		expect(health.members[2]).toMatchObject({
			healthy: false,
			error: `etcd3 belongs to another cluster (ID 1234, the others are in ${CLUSTER_ID}); check its address in the cluster file`,
		});
		expect(health.cluster).toMatchObject({ healthy: false, quorum: true, clusterId: CLUSTER_ID });
	});
});
