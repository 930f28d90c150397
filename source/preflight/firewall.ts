import type { ClusterSpec } from '../cluster/types.js';
import type { FirewallFinding } from '../shell/probe-results.js';
import { shellQuote } from '../shell/quote.js';
import { finding, listing, pass } from './result.js';
import type { CheckResult, HostMeasurements } from './types.js';

/** A firewall's name with where it hooks in, for messages: "nftables (inet f input)". */
function firewallName(firewall: FirewallFinding): string {
	return firewall.where ? `${firewall.kind} (${firewall.where})` : firewall.kind;
}

/** What nft reads as one plain word: nft parses its arguments itself (`;` separates commands). */
const NFT_WORD = /^[A-Za-z0-9_.-]+$/;

/**
 * The command (for a root shell, nothing else on the line) that lets the members reach `ports`
 * on the cluster interface through `firewall`; undefined when a value cannot be written into
 * one safely (an nftables chain or interface name that is not a plain word).
 */
export function firewallCommand(
	firewall: FirewallFinding,
	iface: string,
	ports: readonly number[],
): string | undefined {
	const list = ports.join(', ');
	// Printed for a root shell: every value from the cluster file or a host goes quoted.
	const name = shellQuote(iface);
	switch (firewall.kind) {
		case 'ufw':
			return `ufw allow in on ${name} proto tcp to any port ${ports.join(',')}`;
		case 'firewalld': {
			const zone = firewall.where ? ` ${shellQuote(`--zone=${firewall.where}`)}` : '';
			const add = ports.map((p) => `--add-port=${p}/tcp`).join(' ');
			return `firewall-cmd --permanent${zone} ${add} && firewall-cmd --reload`;
		}
		case 'nftables': {
			// "family table chain" as the host listed it. nft joins its arguments and parses them
			// again, so shell quotes alone would not keep a ';' in a name from starting a command.
			const chain = (firewall.where ?? 'inet filter input').trim().split(/\s+/);
			if (chain.length !== 3 || ![...chain, iface].every((word) => NFT_WORD.test(word))) {
				return undefined;
			}
			return `nft insert rule ${chain.map(shellQuote).join(' ')} iifname ${name} tcp dport { ${list} } accept`;
		}
		case 'iptables':
			return `iptables -I INPUT -i ${name} -p tcp -m multiport --dports ${ports.join(',')} -j ACCEPT`;
	}
}

/** {@link firewallCommand}, and what else to do so that the rule outlives a reboot. */
export function firewallRule(
	firewall: FirewallFinding,
	iface: string,
	ports: readonly number[],
): string {
	const command = firewallCommand(firewall, iface, ports);
	if (command === undefined) {
		return `add a rule to the ${firewall.kind} input chain that accepts tcp ports ${ports.join(', ')} on the cluster interface (its chain or interface name is not a plain word, so no command is printed to paste; nft list ruleset shows the chains)`;
	}
	if (firewall.kind === 'nftables') return `${command} (and the same in your nftables.conf)`;
	if (firewall.kind === 'iptables') return `${command} (and save the rules)`;
	return command;
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
