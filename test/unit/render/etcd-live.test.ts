import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desiredNodeFiles, loadTemplates } from '../../../source/render/index.js';
import { freePort } from '../../support/sshd.js';
import { clusterSpec } from './fixtures.js';

/** Debian's etcd-server (3.4) when installed: the rendered config is then started for real. */
const ETCD = '/usr/bin/etcd';
const MEMBER_IP = '127.0.0.2';

/** A CA and one leaf (serverAuth + clientAuth, SANs for both loopback addresses) from openssl. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
	// mkdtemp paths hold no spaces, so each command line can be split on them.
	const openssl = (command: string) =>
		execFileSync('openssl', command.split(' '), { cwd: dir, stdio: 'pipe' });
	const newKey = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
	openssl(`req -x509 ${newKey} -keyout ca.key -out ca.pem -days 1 -subj /CN=test-ca`);
	openssl(`req -new ${newKey} -keyout leaf.key -out leaf.csr -subj /CN=etcd1`);
	writeFileSync(
		join(dir, 'leaf.ext'),
		`subjectAltName=IP:127.0.0.1,IP:${MEMBER_IP},DNS:localhost,DNS:etcd1\n` +
			'extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n',
	);
	openssl(
		'x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -sha256 ' +
			'-extfile leaf.ext -out leaf.pem',
	);
	const read = (name: string) => readFileSync(join(dir, name), 'utf8');
	return { ca: read('ca.pem'), cert: read('leaf.pem'), key: read('leaf.key') };
}

interface Reply {
	readonly status: number;
	readonly body: string;
}

function getHealth(url: string, tls: { ca: string; cert?: string; key?: string }): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = request(`${url}/health`, { ...tls, timeout: 2000 }, (res) => {
			let body = '';
			res.on('data', (chunk) => {
				body += chunk;
			});
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end();
	});
}

// npm test installs Debian's etcd-server; without it this test fails rather than passing silently.
describe('a rendered config started by the installed etcd', () => {
	let dir: string;
	let etcd: ChildProcess | undefined;
	let stderr = '';
	let exited: string | undefined;
	let clientPort: number;
	let certs: ReturnType<typeof makeCertificates>;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'render-etcd-'));
		certs = makeCertificates(dir);
		clientPort = await freePort();
		const spec = clusterSpec({
			version: '3.4.23',
			clientPort,
			peerPort: await freePort(),
			confDir: join(dir, 'conf'),
			dataDir: join(dir, 'data'),
			settings: {
				'heartbeat-interval': 100,
				'election-timeout': 1000,
				'auto-compaction-mode': 'periodic',
				'auto-compaction-retention': 1,
				'quota-backend-bytes': 2147483648,
			},
		});
		mkdirSync(spec.etcd.confDir, { mode: 0o750 });
		mkdirSync(spec.etcd.dataDir, { mode: 0o700 });
		const node = { name: 'etcd1', clusterIp: MEMBER_IP };
		const pem = {
			caCert: certs.ca,
			serverCert: certs.cert,
			serverKey: certs.key,
			peerCert: certs.cert,
			peerKey: certs.key,
		};
		const files = desiredNodeFiles(await loadTemplates(), spec, node, [node], pem, 'new', certs.ca);
		for (const file of files.filter((f) => f.path.startsWith(spec.etcd.confDir))) {
			writeFileSync(file.path, file.content);
			chmodSync(file.path, file.mode);
		}
		etcd = spawn(ETCD, ['--config-file', join(spec.etcd.confDir, 'etcd.conf.yml')], {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		etcd.stderr?.on('data', (chunk) => {
			stderr += chunk;
		});
		etcd.on('exit', (code, signal) => {
			exited = `etcd exited (${code ?? signal}):\n${stderr.slice(-2000)}`;
		});
	});

	afterAll(async () => {
		if (etcd !== undefined && exited === undefined) {
			const gone = new Promise((resolve) => etcd?.once('exit', resolve));
			etcd.kill('SIGTERM');
			await gone;
		}
		rmSync(dir, { recursive: true, force: true });
	});

	async function healthyOver(url: string): Promise<Reply> {
		const deadline = Date.now() + 20_000;
		for (;;) {
			if (exited !== undefined) throw new Error(exited);
			try {
				return await getHealth(url, certs);
			} catch (error) {
				if (Date.now() > deadline)
					throw new Error(`no /health at ${url}: ${String(error)}\n${stderr.slice(-2000)}`);
			}
			await delay(100);
		}
	}

	it('serves /health over mTLS on the member address and on 127.0.0.1', async () => {
		for (const ip of [MEMBER_IP, '127.0.0.1']) {
			const reply = await healthyOver(`https://${ip}:${clientPort}`);
			expect(reply.status).toBe(200);
			expect(JSON.parse(reply.body)).toMatchObject({ health: 'true' });
		}
	}, 30_000);

	it('refuses a client without a certificate', async () => {
		await healthyOver(`https://${MEMBER_IP}:${clientPort}`);
		// etcd ends the TLS handshake with an alert (bad certificate / certificate required).
		await expect(getHealth(`https://${MEMBER_IP}:${clientPort}`, { ca: certs.ca })).rejects.toThrow(
			/alert/i,
		);
	}, 30_000);
});
