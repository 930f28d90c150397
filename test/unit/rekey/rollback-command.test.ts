import { describe, expect, it } from 'vitest';
import { restoreByHandCommand } from '../../../source/rekey/rollback.js';

describe('restoreByHandCommand: the rollback printed for the operator to paste', () => {
	it('reads as before for plain paths', () => {
		expect(
			restoreByHandCommand('/etc/etcd/backup-20261121T233812Z/leaves', '/etc/etcd', true),
		).toBe(
			'sudo cp -a /etc/etcd/backup-20261121T233812Z/leaves/. /etc/etcd/ && sudo systemctl restart etcd',
		);
		expect(restoreByHandCommand('/etc/etcd/b/ca', '/etc/etcd', false)).toBe(
			'sudo cp -a /etc/etcd/b/ca/. /etc/etcd/',
		);
	});

	it('quotes a confDir that is not a plain path, each path one word', () => {
		expect(restoreByHandCommand("/srv/et'cd $(x)/b/ca", "/srv/et'cd $(x)", false)).toBe(
			`sudo cp -a '/srv/et'\\''cd $(x)/b/ca/.' '/srv/et'\\''cd $(x)/'`,
		);
	});
});
