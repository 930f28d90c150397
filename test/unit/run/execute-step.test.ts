import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/cluster/index.js';
import type { PlannedStep } from '../../../source/plan/plan.js';
import { executeStep } from '../../../source/run/execute-step.js';
import type { ReleaseSource } from '../../../source/run/install-etcd.js';
import type { HostConnection } from '../../../source/ssh/index.js';

const spec = applyDefaults({
	name: 'lab',
	hosts: [{ name: 'etcd1', address: '10.0.0.11' }],
	ssh: { agent: true },
});

/** A connection that answers every command with exit 0 and notes whether it could be cut short. */
function recording() {
	const calls: { command: string; abortable: boolean }[] = [];
	const connection = {
		host: 'etcd1',
		exec: async (command: string, options: { signal?: AbortSignal } = {}) => {
			calls.push({ command, abortable: options.signal !== undefined });
			const made = command.startsWith('mktemp ') ? '/var/tmp/etcd-wizard-install.Ab3dE6gH\n' : '';
			return { code: 0, stdout: made, stderr: '' };
		},
		upload: async (path: string, _content: unknown, options: { signal?: AbortSignal }) => {
			calls.push({ command: `upload ${path}`, abortable: options.signal !== undefined });
		},
	} as unknown as HostConnection;
	return { connection, calls };
}

const file = {
	path: '/etc/etcd/server.crt',
	content: 'pem',
	mode: 0o644,
	owner: 'root',
	group: 'etcd',
	secret: false,
};

describe('executeStep and Ctrl-C', () => {
	const signal = new AbortController().signal;
	const quick: PlannedStep[] = [
		{ kind: 'create-group', group: 'etcd' },
		{ kind: 'create-user', user: 'etcd', group: 'etcd', home: '/var/lib/etcd' },
		{
			kind: 'ensure-dir',
			path: '/etc/etcd',
			mode: 0o750,
			owner: 'root',
			group: 'etcd',
			reason: '',
		},
		{ kind: 'write-files', changes: [{ file, reason: 'missing' }] },
		{ kind: 'daemon-reload' },
		{ kind: 'enable' },
	];

	it('lets the quick steps finish: none of their commands can be cut short', async () => {
		const release: ReleaseSource = { kind: 'download', url: 'u', checksumUrl: 'c' };
		for (const step of quick) {
			const { connection, calls } = recording();
			await executeStep(connection, step, spec, release, signal);
			expect(calls.length, step.kind).toBeGreaterThan(0);
			expect(
				calls.filter((c) => c.abortable),
				step.kind,
			).toEqual([]);
		}
	});

	it('cuts the release install short: its upload and commands take the signal (but mktemp, a moment, whose dir is then removed)', async () => {
		const tarball = Buffer.from('release');
		const sha256 = createHash('sha256').update(tarball).digest('hex');
		const release: ReleaseSource = { kind: 'upload', tarball, sha256, name: 'etcd.tar.gz' };
		const { connection, calls } = recording();
		await executeStep(
			connection,
			{ kind: 'install-etcd', version: spec.etcd.version, arch: 'amd64' },
			spec,
			release,
			signal,
		);
		expect(calls.map((c) => c.abortable)).toEqual(
			calls.map((c) => !c.command.startsWith('mktemp ')),
		);
		expect(calls.some((c) => c.command.startsWith('upload '))).toBe(true);
	});
});
