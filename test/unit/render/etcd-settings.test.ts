import { describe, expect, it } from 'vitest';
import { renderEtcdSettings } from '../../../source/render/etcd-settings.js';

const EXPERIMENTAL = {
	'experimental-initial-corrupt-check': true,
	'experimental-compact-hash-check-enabled': true,
	'experimental-enable-lease-checkpoint': 'true',
	'experimental-txn-mode-write-with-shared-buffer': false,
	'experimental-watch-progress-notify-interval': 600000000000,
	'experimental-snapshot-catchup-entries': 5000,
	'experimental-warning-apply-duration': 200000000,
	'experimental-max-learners': 2,
} as const;

describe('renderEtcdSettings', () => {
	it.each(['3.4.23', '3.5.21'])('passes experimental flags through unchanged on %s', (version) => {
		const { settings, notes } = renderEtcdSettings(version, EXPERIMENTAL);
		expect(settings).toEqual(EXPERIMENTAL);
		expect(notes).toEqual([]);
	});

	it.each(['3.6.14', '3.7.0'])(
		'moves experimental flags to new names and feature gates on %s',
		(version) => {
			const { settings, notes } = renderEtcdSettings(version, EXPERIMENTAL);
			expect(settings).toEqual({
				'feature-gates':
					'InitialCorruptCheck=true,CompactHashCheck=true,LeaseCheckpoint=true,TxnModeWriteWithSharedBuffer=false',
				'watch-progress-notify-interval': 600000000000,
				'snapshot-catchup-entries': 5000,
				'warning-apply-duration': 200000000,
				'max-learners': 2,
			});
			expect(notes).toContain(
				`etcd.settings: experimental-initial-corrupt-check written as feature-gates InitialCorruptCheck=true for etcd ${version}`,
			);
			expect(notes).toContain(
				`etcd.settings: experimental-snapshot-catchup-entries written as snapshot-catchup-entries for etcd ${version}`,
			);
			expect(notes).toHaveLength(8);
		},
	);

	it('merges translated gates after the gates the operator set, and the operator wins', () => {
		const { settings, notes } = renderEtcdSettings('3.7.0', {
			'feature-gates': 'StopGRPCServiceOnDefrag=true, InitialCorruptCheck=false',
			'experimental-initial-corrupt-check': true,
			'experimental-compact-hash-check-enabled': true,
		});
		expect(settings).toEqual({
			'feature-gates':
				'StopGRPCServiceOnDefrag=true,InitialCorruptCheck=false,CompactHashCheck=true',
		});
		expect(notes).toContain(
			'etcd.settings: experimental-initial-corrupt-check dropped, feature-gates sets InitialCorruptCheck and wins',
		);
	});

	it('keeps the new flag when both the old and the new spelling are set', () => {
		const { settings, notes } = renderEtcdSettings('3.6.0', {
			'experimental-compaction-batch-limit': 100,
			'compaction-batch-limit': 500,
		});
		expect(settings).toEqual({ 'compaction-batch-limit': 500 });
		expect(notes).toEqual([
			'etcd.settings: experimental-compaction-batch-limit dropped, compaction-batch-limit is set and wins',
		]);
	});

	it('keeps a gate flag whose value is not a boolean, and says so', () => {
		const { settings, notes } = renderEtcdSettings('3.7.0', {
			'experimental-memory-mlock': true,
			'experimental-initial-corrupt-check': 'yes',
		});
		expect(settings).toEqual({ 'memory-mlock': true, 'experimental-initial-corrupt-check': 'yes' });
		expect(notes[1]).toBe(
			'etcd.settings: experimental-initial-corrupt-check kept as written (yes is not true or false); etcd 3.7 ignores it',
		);
	});

	it('leaves an unreadable feature-gates alone and adds nothing to it', () => {
		const { settings } = renderEtcdSettings('3.7.0', {
			'feature-gates': 'InitialCorruptCheck',
			'experimental-compact-hash-check-enabled': true,
		});
		expect(settings).toEqual({
			'feature-gates': 'InitialCorruptCheck',
			'experimental-compact-hash-check-enabled': true,
		});
	});

	it('passes unknown experimental keys through and notes the peer SAN flag it cannot move', () => {
		const { settings, notes } = renderEtcdSettings('3.7.0', {
			'experimental-something-new': 3,
			'experimental-peer-skip-client-san-verification': true,
		});
		expect(settings).toEqual({
			'experimental-something-new': 3,
			'experimental-peer-skip-client-san-verification': true,
		});
		expect(notes).toEqual([
			'etcd.settings: experimental-peer-skip-client-san-verification is ignored by etcd 3.7 and later; it belongs in peer-transport-security.skip-client-san-verification',
		]);
	});

	it.each(['3.4.23', '3.7.0'])('makes auto-compaction-retention a string on %s', (version) => {
		expect(renderEtcdSettings(version, { 'auto-compaction-retention': 1 }).settings).toEqual({
			'auto-compaction-retention': '1',
		});
	});

	it('never adds enable-v2 and keeps an empty feature-gates out of the file', () => {
		for (const version of ['3.4.23', '3.6.0']) {
			expect(renderEtcdSettings(version, {}).settings).toEqual({});
		}
		expect(renderEtcdSettings('3.6.0', { 'feature-gates': '' }).settings).toEqual({});
	});
});
