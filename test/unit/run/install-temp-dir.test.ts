import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/cluster/index.js';
import { installEtcd, type ReleaseSource } from '../../../source/run/install-etcd.js';
import type { HostConnection } from '../../../source/ssh/index.js';

const etcd = applyDefaults({
	name: 'lab',
	hosts: [{ name: 'etcd1', address: '10.0.0.11' }],
	ssh: { agent: true },
}).etcd;

const MADE = '/var/tmp/etcd-wizard-install.Ab3dE6gH';
const TARBALL = `etcd-v${etcd.version}-linux-amd64.tar.gz`;
const SUMS = `${'a'.repeat(64)}  ${TARBALL}\n`;

const download: ReleaseSource = {
	kind: 'download',
	url: 'https://example.com/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
	checksumUrl: 'https://example.com/v{version}/SHA256SUMS',
};

/**
 * A host that answers mktemp with MADE (or `made`), fails or aborts the command `fail` picks,
 * and records every command and upload.
 */
function host(options: { fail?: (command: string) => Error | undefined; made?: string } = {}) {
	const calls: string[] = [];
	const connection = {
		host: 'etcd1',
		exec: async (command: string) => {
			calls.push(command);
			const failure = options.fail?.(command);
			if (failure) throw failure;
			if (command.startsWith('mktemp ')) {
				return { code: 0, stdout: `${options.made ?? MADE}\n`, stderr: '' };
			}
			return { code: 0, stdout: command.includes('curl') ? SUMS : '', stderr: '' };
		},
		upload: async (path: string) => {
			calls.push(`upload ${path}`);
		},
	} as unknown as HostConnection;
	return { connection, calls };
}

describe('the install temp dir on a host', () => {
	it('is made by mktemp -d (never a predictable name removed and made again), then used', async () => {
		const { connection, calls } = host();
		await installEtcd(connection, etcd, 'amd64', download);
		expect(calls[0]).toBe('mktemp -d /var/tmp/etcd-wizard-install.XXXXXXXX');
		expect(calls.join('\n')).not.toMatch(/\/tmp\/etcd-wizard-install\.\d/);
		expect(calls.slice(1).every((c) => c.includes(MADE))).toBe(true);
		expect(calls.at(-1)).toMatch(new RegExp(`rm -rf ${MADE}; exit \\$rc$`));
	});

	it('holds the uploaded tarball', async () => {
		const tarball = Buffer.from('release');
		const sha256 = createHash('sha256').update(tarball).digest('hex');
		const { connection, calls } = host();
		await installEtcd(connection, etcd, 'amd64', { kind: 'upload', tarball, sha256, name: 'x' });
		expect(calls.slice(0, 2)).toEqual([
			'mktemp -d /var/tmp/etcd-wizard-install.XXXXXXXX',
			`upload ${MADE}/etcd.tar.gz`,
		]);
	});

	it('is removed when Ctrl-C cuts the download short', async () => {
		const aborted = new DOMException('This operation was aborted', 'AbortError');
		const { connection, calls } = host({ fail: (c) => (c.includes('curl') ? aborted : undefined) });
		await expect(installEtcd(connection, etcd, 'amd64', download)).rejects.toBe(aborted);
		expect(calls.at(-1)).toBe(`rm -rf ${MADE}`);
	});

	it('is removed when the checksums list no such file', async () => {
		const { connection, calls } = host();
		const other = { ...download, url: 'https://example.com/v{version}/other.tar.gz' };
		await expect(installEtcd(connection, etcd, 'amd64', other)).rejects.toThrow(
			/lists no checksum/,
		);
		expect(calls.at(-1)).toBe(`rm -rf ${MADE}`);
	});

	it('is refused, and nothing more run, when mktemp prints anything but such a dir', async () => {
		const { connection, calls } = host({ made: '/tmp/x; reboot' });
		await expect(installEtcd(connection, etcd, 'amd64', download)).rejects.toThrow(
			/printed "\/tmp\/x; reboot" on etcd1, not the name of a new dir/,
		);
		expect(calls).toEqual(['mktemp -d /var/tmp/etcd-wizard-install.XXXXXXXX']);
	});

	it('is a command this machine’s coreutils run as written (bookworm’s take the same)', () => {
		const made = execFileSync('sh', ['-c', 'mktemp -d /var/tmp/etcd-wizard-install.XXXXXXXX'])
			.toString()
			.trim();
		try {
			expect(made).toMatch(/^\/var\/tmp\/etcd-wizard-install\.[A-Za-z0-9]{8}$/);
			expect(execFileSync('stat', ['-c', '%a', made]).toString().trim()).toBe('700');
		} finally {
			execFileSync('rmdir', [made]);
		}
	});
});
