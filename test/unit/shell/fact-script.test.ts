import { describe, expect, it } from 'vitest';
import { factScript, parseFacts } from '../../../source/shell/fact-script.js';

describe('parseFacts', () => {
	it('reads every kind of line the fact script prints', () => {
		const t = '\t';
		const output = [
			`arch${t}x86_64`,
			`os${t}Debian GNU/Linux 12 (bookworm)`,
			`systemd${t}yes`,
			`systemd-version${t}252`,
			`unit-load${t}loaded`,
			`inet${t}eth0${t}10.77.0.11/24`,
			`inet${t}wg0${t}10.88.0.11/24`,
			`link${t}lo`,
			`link${t}tap0`,
			`uid${t}998`,
			`gid${t}997`,
			`dir${t}/etc/etcd${t}750${t}root${t}etcd`,
			`etcd${t}3.4.23`,
			`etcdctl${t}yes`,
			`data${t}yes`,
			`free${t}1000`,
			`unit${t}ActiveState=active SubState=running MainPID=321 UnitFileState=enabled NRestarts=2 `,
			`listen${t}10.88.0.11:2379${t}users:(("etcd",pid=321,fd=7))`,
			`listen${t}[::]:22${t}users:(("sshd",pid=1,fd=3))`,
			`file${t}/etc/etcd/ca.crt${t}644${t}root${t}etcd${t}abc`,
			`content${t}/etc/etcd/ca.crt${t}${Buffer.from('PEM\n').toString('base64')}`,
		].join('\n');
		const facts = parseFacts(output);
		expect(facts.interfaces).toEqual([
			{ name: 'eth0', ipv4: [{ address: '10.77.0.11', prefixLength: 24 }] },
			{ name: 'wg0', ipv4: [{ address: '10.88.0.11', prefixLength: 24 }] },
			{ name: 'lo', ipv4: [] },
			{ name: 'tap0', ipv4: [] },
		]);
		expect(facts).toMatchObject({
			arch: 'x86_64',
			systemd: true,
			systemdVersion: 252,
			unitLoadState: 'loaded',
			userId: 998,
			groupId: 997,
			etcdVersion: '3.4.23',
			hasData: true,
			dataFreeKiB: 1000,
		});
		expect(facts.unit).toEqual({
			activeState: 'active',
			subState: 'running',
			mainPid: 321,
			unitFileState: 'enabled',
			restarts: 2,
		});
		expect(facts.listening).toEqual([
			{ port: 2379, address: '10.88.0.11', process: 'etcd' },
			{ port: 22, address: '::', process: 'sshd' },
		]);
		expect(facts.files.get('/etc/etcd/ca.crt')).toEqual({
			mode: '644',
			owner: 'root',
			group: 'etcd',
			sha256: 'abc',
			content: 'PEM\n',
		});
	});

	it('runs for real in sh and parses its own output', async () => {
		const { execFileSync } = await import('node:child_process');
		const script = factScript({
			user: 'root',
			group: 'root',
			dirs: ['/etc'],
			binDir: '/nonexistent',
			dataDir: '/nonexistent/etcd',
			files: [{ path: '/etc/hostname', withContent: true }],
		});
		const facts = parseFacts(execFileSync('sh', ['-s'], { input: script }).toString());
		expect(facts.userId).toBe(0);
		expect(facts.dirs.get('/etc')).toMatchObject({ owner: 'root' });
		expect(facts.files.get('/etc/hostname')?.content).toBe(
			execFileSync('cat', ['/etc/hostname']).toString(),
		);
		expect(facts.interfaces.some((i) => i.name === 'lo')).toBe(true);
		expect(facts.dataFreeKiB).toBeGreaterThan(0);
	});
});
