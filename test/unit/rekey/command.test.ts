import { describe, expect, it } from 'vitest';
import { rekeyCommand } from '../../../source/commands/rekey.js';
import { SPEC } from './fixtures.js';

const io = { json: false, stdout: () => {}, stderr: () => {} };
const loaded = { spec: SPEC, path: '/nonexistent/cluster.yaml', dir: '/nonexistent', warnings: [] };

describe('rekeyCommand', () => {
	it('refuses --member with --ca before reaching any host', async () => {
		await expect(
			rekeyCommand(
				loaded,
				{ ca: true, yes: true, acceptNewHostKeys: false, members: ['etcd1'] },
				io,
			),
		).rejects.toThrow(
			'--member chooses members to renew; a CA rotation (--ca) always covers every member',
		);
	});

	it('refuses a --member that is not in the cluster file, headless, before reaching any host', async () => {
		const run = rekeyCommand(
			loaded,
			{ ca: false, yes: true, acceptNewHostKeys: false, members: ['etcd1', 'etcd9'] },
			io,
		);
		await expect(run).rejects.toMatchObject({ name: 'UsageError' });
		await expect(run).rejects.toThrow(
			`--member etcd9: not in the cluster file (hosts: ${SPEC.hosts.map((h) => h.name).join(', ')})`,
		);
	});

	it('names the missing local CA before reaching any host', async () => {
		await expect(
			rekeyCommand(loaded, { ca: false, yes: true, acceptNewHostKeys: false }, io),
		).rejects.toThrow(
			'/nonexistent/pki/ca.crt is missing: rekey signs with the CA kept on this machine',
		);
	});
});
