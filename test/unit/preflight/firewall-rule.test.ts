import { describe, expect, it } from 'vitest';
import { firewallCommand, firewallRule } from '../../../source/preflight/firewall.js';

const PORTS = [2380, 2379];

describe('firewallRule: the fix printed for a root shell', () => {
	it('writes a plain interface, zone and chain as they are', () => {
		expect(firewallRule({ kind: 'ufw' }, 'wg0', PORTS)).toBe(
			'ufw allow in on wg0 proto tcp to any port 2380,2379',
		);
		expect(firewallRule({ kind: 'firewalld', where: 'public' }, 'wg0', PORTS)).toBe(
			'firewall-cmd --permanent --zone=public --add-port=2380/tcp --add-port=2379/tcp && firewall-cmd --reload',
		);
		expect(firewallRule({ kind: 'nftables', where: 'inet f input' }, 'wg0', PORTS)).toBe(
			'nft insert rule inet f input iifname wg0 tcp dport { 2380, 2379 } accept (and the same in your nftables.conf)',
		);
		expect(firewallRule({ kind: 'iptables' }, 'tap0', PORTS)).toBe(
			'iptables -I INPUT -i tap0 -p tcp -m multiport --dports 2380,2379 -j ACCEPT (and save the rules)',
		);
	});

	it('quotes a zone a host reported and an interface name, each one word', () => {
		expect(firewallCommand({ kind: 'firewalld', where: 'dmz; rm -rf /' }, 'wg0', PORTS)).toBe(
			"firewall-cmd --permanent '--zone=dmz; rm -rf /' --add-port=2380/tcp --add-port=2379/tcp && firewall-cmd --reload",
		);
		expect(firewallCommand({ kind: 'ufw' }, 'wg0$(reboot)', PORTS)).toBe(
			"ufw allow in on 'wg0$(reboot)' proto tcp to any port 2380,2379",
		);
		expect(firewallCommand({ kind: 'iptables' }, "w'g0", PORTS)).toContain(`-i 'w'\\''g0' -p tcp`);
	});

	it('prints no nft command for a chain or interface nft would read as more than a name', () => {
		// nft joins its arguments and parses them: a ';' starts another nft command, quoted or not.
		for (const [where, iface] of [
			['inet filter input; flush ruleset', 'wg0'],
			['inet filter $(reboot)', 'wg0'],
			['inet filter', 'wg0'],
			['inet filter input', 'wg0;flush'],
		]) {
			expect(firewallCommand({ kind: 'nftables', where }, iface as string, PORTS)).toBeUndefined();
			const rule = firewallRule({ kind: 'nftables', where }, iface as string, PORTS);
			expect(rule).toMatch(
				/^add a rule to the nftables input chain that accepts tcp ports 2380, 2379/,
			);
			expect(rule).not.toContain('flush');
			expect(rule).not.toContain('reboot');
		}
	});
});
