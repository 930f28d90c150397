import type { DiskProbe, FirewallFinding, PingResult } from './probe-results.js';
import { shellQuote } from './quote.js';
import { hostScript, nearestDir, tabLines } from './script.js';

/** How many synchronous 8 KiB writes the disk probe makes, and how long it may take. */
const DISK_WRITES = 200;
const DISK_TIMEOUT_S = 20;

/** A member to ping: its name and address on the cluster network. */
export interface PingTarget {
	readonly name: string;
	readonly ip: string;
}

/**
 * One script, run as root, that measures a host: pings every other member (in the
 * background), times DISK_WRITES synchronous writes in the data dir (or its nearest existing
 * parent; the probe file is removed), and looks for an active firewall. Prints
 * `ping`, `disk` and `firewall` lines.
 */
export function hostProbeScript(dataDir: string, peers: readonly PingTarget[]): string {
	const pings = peers.map(
		(peer) =>
			`( out=$(ping -n -q -c 5 -i 0.2 -W 1 ${shellQuote(peer.ip)} 2>&1); printf 'ping\\t%s\\t%s\\n' ${shellQuote(peer.name)} "$(printf '%s' "$out" | grep -E 'packet loss|min/avg|^ping:' | tr '\\n\\t' '  ')" ) &`,
	);
	return hostScript([
		'if command -v ping >/dev/null 2>&1; then',
		...pings.map((line) => `  ${line}`),
		'fi',
		...nearestDir(dataDir),
		'f=',
		`trap 'rm -f "$f"; exit 143' TERM INT HUP`,
		'if f=$(mktemp "$d/.etcd-wizard-probe.XXXXXX" 2>&1); then',
		`  out=$(timeout ${DISK_TIMEOUT_S} dd if=/dev/zero of="$f" bs=8k count=${DISK_WRITES} oflag=dsync 2>&1); code=$?`,
		'  rm -f "$f"',
		`  echo "disk\${t}$d\${t}$code\${t}$(printf '%s' "$out" | tail -n 1)"`,
		'else',
		`  echo "disk\${t}$d\${t}mktemp\${t}$f"`,
		'fi',
		...firewallLines(),
		'wait',
	]);
}

/** The first active firewall front end: ufw and firewalld sit on nftables/iptables. */
function firewallLines(): string[] {
	return [
		'fw=',
		'if command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q "^Status: active"; then',
		'  fw="ufw"',
		'elif command -v firewall-cmd >/dev/null 2>&1 && [ "$(firewall-cmd --state 2>/dev/null)" = running ]; then',
		`  fw="firewalld\${t}$(firewall-cmd --get-default-zone 2>/dev/null)"`,
		'elif command -v nft >/dev/null 2>&1; then',
		'  if chains=$(nft list chains 2>&1); then',
		// The first chain hooked on input: "family table chain".
		`    fw=$(printf '%s\\n' "$chains" | awk '/^table/ {f = $2; n = $3} /^[[:space:]]*chain/ {c = $2} /hook input/ {print "nftables\\t" f " " n " " c; exit}')`,
		'  else',
		`    echo "unreadable\${t}nftables\${t}$(printf '%s' "$chains" | head -n 1)"`,
		'  fi',
		'fi',
		'if [ -z "$fw" ] && command -v iptables >/dev/null 2>&1 && iptables -S INPUT 2>/dev/null | grep -qv "^-P INPUT ACCEPT"; then',
		'  fw="iptables"',
		'fi',
		`[ -n "$fw" ] && echo "firewall\${t}$fw"`,
	];
}

/** What `hostProbeScript` measured. */
export interface HostProbeOutput {
	readonly pings: PingResult[];
	readonly disk?: DiskProbe;
	readonly firewalls: FirewallFinding[];
	/** Firewalls whose rules could not be read: "nftables: Operation not permitted". */
	readonly firewallsUnreadable: string[];
}

/** Parses `hostProbeScript`'s output. `pingable` lists the members pinged, to spot a missing ping. */
export function parseHostProbe(output: string, pingable: readonly string[]): HostProbeOutput {
	const pings: PingResult[] = [];
	const firewalls: FirewallFinding[] = [];
	const unreadable: string[] = [];
	let disk: DiskProbe | undefined;
	for (const [key, ...fields] of tabLines(output)) {
		if (key === 'ping') pings.push(parsePing(fields[0] ?? '', fields[1] ?? ''));
		else if (key === 'disk') disk = parseDisk(fields[0] ?? '', fields[1] ?? '', fields[2] ?? '');
		else if (key === 'firewall') firewalls.push(parseFirewall(fields[0] ?? '', fields[1]));
		else if (key === 'unreadable')
			unreadable.push(`${fields[0]}: ${fields[1]?.trim() || 'no reason given'}`);
	}
	for (const name of pingable) {
		if (!pings.some((p) => p.to === name)) {
			pings.push({
				to: name,
				avgMs: null,
				maxMs: null,
				lossPercent: 100,
				error: 'the host has no ping program',
			});
		}
	}
	return { pings, ...(disk ? { disk } : {}), firewalls, firewallsUnreadable: unreadable };
}

/** iputils and busybox: "5 packets transmitted, 5 received, 0% packet loss", "... = 0.04/0.05/0.07". */
function parsePing(to: string, summary: string): PingResult {
	const loss = /([\d.]+)% packet loss/.exec(summary);
	const rtt = /= ([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(summary);
	const lossPercent = loss ? Number(loss[1]) : 100;
	if (rtt) return { to, avgMs: Number(rtt[2]), maxMs: Number(rtt[3]), lossPercent };
	const error = loss ? 'no reply' : summary.trim() || 'ping printed nothing';
	return { to, avgMs: null, maxMs: null, lossPercent, error };
}

/** dd's last line: "1638400 bytes (1.6 MB, 1.6 MiB) copied, 0.0388 s, 42.2 MB/s". */
function parseDisk(path: string, code: string, last: string): DiskProbe {
	const seconds = /copied, ([\d.]+) s/.exec(last);
	if (code === '0' && seconds) {
		return { path, writeLatencyMs: (Number(seconds[1]) * 1000) / DISK_WRITES };
	}
	if (code === '124') {
		return { path, error: `${DISK_WRITES} synchronous writes took over ${DISK_TIMEOUT_S} s` };
	}
	if (code === 'mktemp') return { path, error: `cannot create a file in ${path}: ${last}` };
	return { path, error: last.trim() || `dd exited with ${code}` };
}

function parseFirewall(kind: string, where: string | undefined): FirewallFinding {
	const known = ['ufw', 'firewalld', 'nftables', 'iptables'] as const;
	const found = known.find((k) => k === kind) ?? 'iptables';
	return { kind: found, ...(where ? { where } : {}) };
}
