/** What the host probe scripts measure, as their parsers return it (the preflight judges it). */

/** A program on the host that can listen on a TCP port for the reachability check. */
export type ListenerTool = 'python3' | 'perl' | 'socat' | 'ncat' | 'nc' | 'busybox nc';

/** One TCP connection attempt from one member to another's port. */
export interface ConnectResult {
	readonly from: string;
	readonly to: string;
	readonly port: number;
	readonly outcome: 'ok' | 'timeout' | 'refused' | 'unreachable' | 'error';
	/** The last error line, when it failed. */
	readonly detail?: string;
}

/** `ping` from one member to another over the cluster network. */
export interface PingResult {
	readonly to: string;
	/** Average round trip, or null when nothing came back. */
	readonly avgMs: number | null;
	readonly maxMs: number | null;
	readonly lossPercent: number;
	/** Why there is no figure (no ping program, ...). */
	readonly error?: string;
}

/** A firewall found active on a host. */
export interface FirewallFinding {
	readonly kind: 'ufw' | 'firewalld' | 'nftables' | 'iptables';
	/** nftables: the first input chain as "family table chain"; firewalld: the default zone. */
	readonly where?: string;
}

/** What the synchronous write probe measured under the data dir. */
export type DiskProbe =
	| { readonly path: string; readonly writeLatencyMs: number }
	| { readonly path: string; readonly error: string };
