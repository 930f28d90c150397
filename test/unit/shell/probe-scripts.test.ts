import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseHostProbe } from '../../../source/shell/host-probe-script.js';
import {
	listenScript,
	parseConnects,
	parseListen,
	stopCommand,
} from '../../../source/shell/listen-script.js';

/** `sh -n`: the script parses (catches quoting mistakes in the generated text). */
function parses(script: string): void {
	execFileSync('sh', ['-n'], { input: script });
}

describe('probe scripts', () => {
	it('stop the listeners with one valid command line', () => {
		expect(stopCommand([12, 13])).toBe('kill 12 13 2>/dev/null; exit 0');
		parses(stopCommand([12, 13]));
	});

	it('look for listeners in order of preference and start one per port', () => {
		const script = listenScript('10.88.0.11', [2380, 2379]);
		const order = ['python3', 'perl -MIO', 'socat', 'ncat', 'OpenBSD', 'busybox nc --help'].map(
			(word) => script.indexOf(word),
		);
		expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
		expect(script).toContain('for port in 2380 2379; do');
		expect(script).toContain(`ip=10.88.0.11`);
	});
});

describe('parseListen', () => {
	it('reads the tool, the pids and the errors', () => {
		const out = [
			'tool\tperl',
			'listen\t2380\tok\t4242\t',
			'listen\t2379\tfailed\t\tAddress already in use',
			'',
		].join('\n');
		expect(parseListen(out)).toEqual({
			tool: 'perl',
			ports: new Map<number, unknown>([
				[2380, { pid: 4242 }],
				[2379, { error: 'Address already in use' }],
			]),
		});
	});

	it('has no tool when the host has none', () => {
		expect(parseListen('tool\tnone\n').tool).toBeUndefined();
		expect(parseListen('tool\tbusybox nc\n').tool).toBe('busybox nc');
	});

	it('says the listener did not come up when it printed no error', () => {
		expect(parseListen('tool\tpython3\nlisten\t2380\tfailed\t\t\n').ports.get(2380)).toEqual({
			error: 'the listener did not come up within 5 s',
		});
	});
});

describe('parseConnects', () => {
	it('tells timeouts, refusals and unreachable hosts apart, keeping only the error text', () => {
		const out = [
			'connect\tetcd2\t2380\tok',
			'connect\tetcd3\t2380\t124\t',
			'connect\tetcd3\t2379\t1\t10.88.0.13: line 1: connect: Connection refused',
			'connect\tetcd2\t2379\t1\t10.88.0.12: line 1: connect: No route to host',
		].join('\n');
		expect(parseConnects('etcd1', out)).toEqual([
			{ from: 'etcd1', to: 'etcd2', port: 2380, outcome: 'ok' },
			{ from: 'etcd1', to: 'etcd3', port: 2380, outcome: 'timeout', detail: '' },
			{ from: 'etcd1', to: 'etcd3', port: 2379, outcome: 'refused', detail: 'Connection refused' },
			{
				from: 'etcd1',
				to: 'etcd2',
				port: 2379,
				outcome: 'unreachable',
				detail: 'No route to host',
			},
		]);
	});

	it('is undefined when the host has no bash to connect with', () => {
		expect(parseConnects('etcd1', 'connector\tnone\n')).toBeUndefined();
	});
});

describe('parseHostProbe', () => {
	it('reads iputils and busybox ping summaries, dd timing and the firewall', () => {
		const out = [
			'ping\tetcd2\t5 packets transmitted, 5 received, 0% packet loss, time 818ms rtt min/avg/max/mdev = 0.041/0.052/0.071/0.010 ms ',
			'ping\tetcd3\t5 packets transmitted, 4 packets received, 20% packet loss round-trip min/avg/max = 1.100/2.250/3.900 ms ',
			'disk\t/var/lib\t0\t1638400 bytes (1.6 MB, 1.6 MiB) copied, 0.0388 s, 42.2 MB/s',
			'firewall\tnftables\tinet f input',
		].join('\n');
		const parsed = parseHostProbe(out, ['etcd2', 'etcd3']);
		expect(
			parsed.disk && 'writeLatencyMs' in parsed.disk && parsed.disk.writeLatencyMs,
		).toBeCloseTo(0.194, 6);
		expect({ ...parsed, disk: undefined }).toEqual({
			pings: [
				{ to: 'etcd2', avgMs: 0.052, maxMs: 0.071, lossPercent: 0 },
				{ to: 'etcd3', avgMs: 2.25, maxMs: 3.9, lossPercent: 20 },
			],
			disk: undefined,
			firewalls: [{ kind: 'nftables', where: 'inet f input' }],
			firewallsUnreadable: [],
		});
		expect(
			parseHostProbe('unreadable\tnftables\tOperation not permitted (you must be root)', [])
				.firewallsUnreadable,
		).toEqual(['nftables: Operation not permitted (you must be root)']);
	});

	it('reports silence, a missing ping, a dd timeout and an unwritable dir', () => {
		const out = [
			'ping\tetcd2\t5 packets transmitted, 0 received, 100% packet loss, time 4092ms ',
			'disk\t/var/lib\t124\t',
		].join('\n');
		const parsed = parseHostProbe(out, ['etcd2', 'etcd3']);
		expect(parsed.pings).toEqual([
			{ to: 'etcd2', avgMs: null, maxMs: null, lossPercent: 100, error: 'no reply' },
			{
				to: 'etcd3',
				avgMs: null,
				maxMs: null,
				lossPercent: 100,
				error: 'the host has no ping program',
			},
		]);
		expect(parsed.disk).toEqual({
			path: '/var/lib',
			error: '200 synchronous writes took over 20 s',
		});
		expect(parseHostProbe('disk\t/srv\tmktemp\tmktemp: Read-only file system', []).disk).toEqual({
			path: '/srv',
			error: 'cannot create a file in /srv: mktemp: Read-only file system',
		});
	});
});
