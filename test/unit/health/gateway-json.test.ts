import { describe, expect, it } from 'vitest';
import {
	gatewayErrorMessage,
	memberIdHex,
	parseAlarms,
	parseHealth,
	parseMemberList,
	parseStatus,
} from '../../../source/health/gateway-json.js';

// Answers in the shape etcd 3.4.23's gateway gave them, with the IDs etcd's own docs show
// (member 10276657743932975437 = 8e9e05c52164694d, cluster 14841639068965178418 = cdf818194e3a8c32).
const STATUS_34 = {
	header: {
		cluster_id: '14841639068965178418',
		member_id: '10276657743932975437',
		revision: '1',
		raft_term: '2',
	},
	version: '3.4.23',
	dbSize: '20480',
	leader: '10276657743932975437',
	raftIndex: '12',
	raftTerm: '2',
	raftAppliedIndex: '12',
	dbSizeInUse: '16384',
};
const MEMBER_LIST_34 = {
	header: { cluster_id: '14841639068965178418', member_id: '10276657743932975437', raft_term: '2' },
	members: [
		{
			ID: '10276657743932975437',
			name: 'etcd1',
			peerURLs: ['https://127.0.0.1:43435'],
			clientURLs: ['https://127.0.0.1:34683'],
		},
		{ ID: '15182928678199147790', peerURLs: ['https://127.0.0.1:36201'], isLearner: true },
	],
};

describe('memberIdHex', () => {
	it('turns the decimal uint64 string into the hex etcdctl prints', () => {
		expect(memberIdHex('10276657743932975437')).toBe('8e9e05c52164694d');
		expect(memberIdHex('14841639068965178418')).toBe('cdf818194e3a8c32');
		expect(memberIdHex('15182928678199147790')).toBe('d2b49930b226bd0e');
		expect(memberIdHex('18446744073709551615')).toBe('ffffffffffffffff');
		expect(memberIdHex('1')).toBe('1');
	});

	it('reads a left-out or empty value as 0 (proto3 JSON omits defaults)', () => {
		expect(memberIdHex(undefined)).toBe('0');
		expect(memberIdHex('')).toBe('0');
		expect(memberIdHex(null)).toBe('0');
	});

	it('takes a JSON number too, and refuses what is not a number', () => {
		expect(memberIdHex(255)).toBe('ff');
		expect(() => memberIdHex('12ab')).toThrow('expected a member ID, got "12ab"');
		expect(() => memberIdHex(true)).toThrow('expected a member ID, got true');
	});
});

describe('parseStatus', () => {
	it('reads a full 3.4 answer: strings to numbers, IDs to hex', () => {
		expect(parseStatus(STATUS_34)).toEqual({
			memberId: '8e9e05c52164694d',
			clusterId: 'cdf818194e3a8c32',
			version: '3.4.23',
			dbSize: 20480,
			dbSizeInUse: 16384,
			leaderId: '8e9e05c52164694d',
			raftTerm: 2,
			raftIndex: 12,
			raftAppliedIndex: 12,
			isLearner: false,
			errors: [],
		});
	});

	it('reads left-out fields as their defaults and a left-out leader as none', () => {
		const { leader: _leader, dbSizeInUse: _inUse, ...rest } = STATUS_34;
		const status = parseStatus({ ...rest, errors: ['etcdserver: no leader'] });
		expect(status).toMatchObject({
			leaderId: null,
			dbSizeInUse: 0,
			errors: ['etcdserver: no leader'],
		});
		expect(parseStatus({})).toEqual({
			memberId: '0',
			clusterId: '0',
			version: '',
			dbSize: 0,
			dbSizeInUse: 0,
			leaderId: null,
			raftTerm: 0,
			raftIndex: 0,
			raftAppliedIndex: 0,
			isLearner: false,
			errors: [],
		});
	});

	it('accepts camelCase header names and a learner flag', () => {
		const status = parseStatus({ header: { clusterId: '255', memberId: '16' }, isLearner: true });
		expect(status).toMatchObject({ clusterId: 'ff', memberId: '10', isLearner: true });
	});

	it('refuses what is not a status answer, saying what it got', () => {
		expect(() => parseStatus(null)).toThrow('expected a JSON object for the status, got null');
		expect(() => parseStatus([])).toThrow('expected a JSON object for the status');
		expect(() => parseStatus({ dbSize: '-1' })).toThrow('expected a count for dbSize, got "-1"');
		expect(() => parseStatus({ raftTerm: 'x' })).toThrow('expected a count for raftTerm');
		expect(() => parseStatus({ errors: 'boom' })).toThrow('expected a list for errors');
	});
});

describe('parseMemberList', () => {
	it('reads IDs as hex and fills left-out names, URLs and learner flags', () => {
		expect(parseMemberList(MEMBER_LIST_34)).toEqual([
			{
				id: '8e9e05c52164694d',
				name: 'etcd1',
				peerURLs: ['https://127.0.0.1:43435'],
				clientURLs: ['https://127.0.0.1:34683'],
				isLearner: false,
			},
			{
				id: 'd2b49930b226bd0e',
				name: '',
				peerURLs: ['https://127.0.0.1:36201'],
				clientURLs: [],
				isLearner: true,
			},
		]);
	});

	it('reads an answer without members as an empty list', () => {
		expect(parseMemberList({ header: {} })).toEqual([]);
	});
});

describe('parseAlarms', () => {
	it('reads 3.4 "no alarm" answer, a bare {}, as none', () => {
		expect(parseAlarms({})).toEqual([]);
	});

	it('reads alarms with their member in hex, and a left-out alarm as NONE', () => {
		const body = {
			alarms: [{ memberID: '10276657743932975437', alarm: 'NOSPACE' }, { memberID: '1' }],
		};
		expect(parseAlarms(body)).toEqual([
			{ memberId: '8e9e05c52164694d', alarm: 'NOSPACE' },
			{ memberId: '1', alarm: 'NONE' },
		]);
	});
});

describe('parseHealth', () => {
	it('reads 3.4 and 3.5+ answers', () => {
		expect(parseHealth({ health: 'true' })).toEqual({ healthy: true, reason: '' });
		expect(parseHealth({ health: 'true', reason: '' })).toEqual({ healthy: true, reason: '' });
		expect(parseHealth({ health: 'false', reason: 'ALARM NOSPACE' })).toEqual({
			healthy: false,
			reason: 'ALARM NOSPACE',
		});
		expect(parseHealth({ health: false })).toEqual({ healthy: false, reason: '' });
	});

	it('refuses an answer without a health field', () => {
		expect(() => parseHealth({ status: 'ok' })).toThrow(
			'health answer without a "health" field: {"status":"ok"}',
		);
		expect(() => parseHealth(null)).toThrow('expected a JSON object for the health');
	});
});

describe('gatewayErrorMessage', () => {
	it('takes the message of a gateway error body, else its error, else nothing', () => {
		const timedOut = {
			error: 'context deadline exceeded',
			message: 'context deadline exceeded',
			code: 2,
		};
		expect(gatewayErrorMessage(timedOut)).toBe('context deadline exceeded');
		expect(gatewayErrorMessage({ error: 'etcdserver: request timed out' })).toBe(
			'etcdserver: request timed out',
		);
		expect(gatewayErrorMessage({ code: 5 })).toBeNull();
		expect(gatewayErrorMessage('404 page not found')).toBeNull();
		expect(gatewayErrorMessage(null)).toBeNull();
	});
});
