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

	it('names the missing local CA before reaching any host', async () => {
		await expect(
			rekeyCommand(loaded, { ca: false, yes: true, acceptNewHostKeys: false }, io),
		).rejects.toThrow(
			'/nonexistent/pki/ca.crt is missing: rekey signs with the CA kept on this machine',
		);
	});
});
