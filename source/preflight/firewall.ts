import type { ClusterSpec } from '../cluster/types.js';
import type { FirewallFinding } from '../shell/probe-results.js';
import { finding, listing, pass } from './result.js';
import type { CheckResult, HostMeasurements } from './types.js';

/** A firewall's name with where it hooks in, for messages: "nftables (inet f input)". */
function firewallName(firewall: FirewallFinding): string {
	return firewall.where ? `${firewall.kind} (${firewall.where})` : firewall.kind;
}

/** The command that lets the members reach `ports` on the cluster interface through `firewall`. */
export function firewallRule(
	firewall: FirewallFinding,
	iface: string,
	ports: readonly number[],
): string {
	const list = ports.join(', ');
	switch (firewall.kind) {
		case 'ufw':
			return `ufw allow in on ${iface} proto tcp to any port ${ports.join(',')}`;
		case 'firewalld': {
			const zone = firewall.where ? ` --zone=${firewall.where}` : '';
			const add = ports.map((p) => `--add-port=${p}/tcp`).join(' ');
			return `firewall-cmd --permanent${zone} ${add} && firewall-cmd --reload`;
		}
		case 'nftables': {
			const chain = firewall.where ?? 'inet filter input';
			return `nft insert rule ${chain} iifname "${iface}" tcp dport { ${list} } accept (and the same in your nftables.conf)`;
		}
		case 'iptables':
			return `iptables -I INPUT -i ${iface} -p tcp -m multiport --dports ${ports.join(',')} -j ACCEPT (and save the rules)`;
	}
}

/**
 * One row per host: no firewall passes; an active one (or one whose rules could not be read)
 * passes unless some member failed to connect to the host, and then warns with the rule to add.
 */
export function firewallCheck(
	spec: ClusterSpec,
	host: string,
	found: Pick<HostMeasurements, 'firewalls' | 'firewallsUnreadable'>,
	peersBlocked: boolean,
): CheckResult {
	const [firewall] = found.firewalls ?? [];
	const unreadable = found.firewallsUnreadable ?? [];
	const ports = [spec.etcd.peerPort, spec.etcd.clientPort];
	const reached = `no member was kept from ports ${listing(ports.map(String))}`;
	if (!firewall && unreadable.length === 0) {
		return pass(
			'firewall',
			host,
			`no active firewall on ${host} (ufw, firewalld, nftables, iptables)`,
		);
	}
	const state = firewall
		? `${firewallName(firewall)} is active on ${host}`
		: `the rules on ${host} could not be read (${unreadable.join('; ')})`;
	if (!peersBlocked) return pass('firewall', host, `${state}; ${reached}`);
	return finding(
		'warn',
		'firewall',
		host,
		`${state}, and not every member reached ports ${listing(ports.map(String))} on it`,
		firewall
			? `let the members in on ${spec.etcd.interface}: ${firewallRule(firewall, spec.etcd.interface, ports)}`
			: `look at the firewall rules on ${host} as root (nft list ruleset) and let the members in on ${spec.etcd.interface}, tcp ports ${ports.join(', ')}`,
	);
}
