import { describe, expect, it } from 'vitest';
import { renderServiceUnit } from '../../../source/render/index.js';
import { clusterSpec, TEMPLATES } from './fixtures.js';

const HARDENING = [
	'Type=notify',
	'Restart=on-failure',
	'RestartSec=5s',
	'TimeoutStartSec=120s',
	'LimitNOFILE=65536',
	'UMask=0077',
	'ProtectSystem=strict',
	'ProtectHome=true',
	'PrivateTmp=true',
	'PrivateDevices=true',
	'ProtectKernelTunables=true',
	'ProtectKernelModules=true',
	'ProtectKernelLogs=true',
	'ProtectControlGroups=true',
	'NoNewPrivileges=true',
	'RestrictSUIDSGID=true',
	'LockPersonality=true',
	'RestrictNamespaces=true',
	'RestrictRealtime=true',
	'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
	'SystemCallArchitectures=native',
	'After=network-online.target',
	'Wants=network-online.target',
	'WantedBy=multi-user.target',
];

function lines(text: string): string[] {
	return text.split('\n');
}

describe('renderServiceUnit', () => {
	it('has every hardening directive, each on its own line', () => {
		const unit = lines(renderServiceUnit(TEMPLATES.service, clusterSpec()));
		for (const directive of HARDENING) expect(unit).toContain(directive);
	});

	it('runs etcd from binDir with the config file, as the etcd user, writing only the data dir', () => {
		const spec = clusterSpec({
			binDir: '/opt/etcd/bin',
			confDir: '/etc/etcd-a',
			dataDir: '/srv/etcd',
			user: 'kv',
			group: 'kvgroup',
		});
		const unit = lines(renderServiceUnit(TEMPLATES.service, spec));
		expect(unit).toContain('ExecStart=/opt/etcd/bin/etcd --config-file /etc/etcd-a/etcd.conf.yml');
		expect(unit).toContain('ReadWritePaths=/srv/etcd');
		expect(unit).toContain('User=kv');
		expect(unit).toContain('Group=kvgroup');
	});

	it('holds no capability on unprivileged ports', () => {
		const unit = lines(
			renderServiceUnit(TEMPLATES.service, clusterSpec({ clientPort: 1024, peerPort: 2380 })),
		);
		expect(unit).toContain('CapabilityBoundingSet=');
		expect(unit).toContain('AmbientCapabilities=');
		expect(unit.join('\n')).not.toContain('CAP_');
	});

	it.each([
		[443, 2380],
		[2379, 80],
	])(
		'grants only CAP_NET_BIND_SERVICE for client port %i, peer port %i',
		(clientPort, peerPort) => {
			const unit = lines(
				renderServiceUnit(TEMPLATES.service, clusterSpec({ clientPort, peerPort })),
			);
			expect(unit).toContain('CapabilityBoundingSet=CAP_NET_BIND_SERVICE');
			expect(unit).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
		},
	);

	it('is the same for every member and keeps its shape', () => {
		const unit = renderServiceUnit(TEMPLATES.service, clusterSpec());
		expect(unit).not.toMatch(/\{\{|\}\}/);
		expect(unit).toMatchSnapshot();
	});

	it('refuses a path that would break the unit, naming the field', () => {
		expect(() =>
			renderServiceUnit(TEMPLATES.service, clusterSpec({ dataDir: '/var/lib/etcd data' })),
		).toThrow('etcd.dataDir "/var/lib/etcd data" cannot be written');
		expect(() =>
			renderServiceUnit(TEMPLATES.service, clusterSpec({ binDir: '/usr/bin\nUser=root' })),
		).toThrow(/^etcd\.binDir/);
	});
});
