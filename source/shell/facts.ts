/**
 * What one host looks like before anything is changed: gathered in one SSH round trip by
 * `factScript`, parsed here (pure) so the planner never waits on the network.
 */

export interface InterfaceFacts {
	readonly name: string;
	/** IPv4 addresses with their prefix length, e.g. 10.88.0.11/24. */
	readonly ipv4: readonly { readonly address: string; readonly prefixLength: number }[];
}

/** A path's mode (octal string such as "750"), owner and group. */
export interface PathStat {
	readonly mode: string;
	readonly owner: string;
	readonly group: string;
}

export interface FileFacts extends PathStat {
	readonly sha256: string;
	/** Present for files that are not secret, so `plan` can show a diff. */
	readonly content?: string;
}

export interface UnitFacts {
	readonly activeState: string;
	readonly subState: string;
	readonly mainPid: number;
	readonly unitFileState: string;
	readonly restarts: number;
}

export interface HostFacts {
	readonly arch: string;
	readonly os: string;
	readonly kernel: string;
	readonly hostname: string;
	readonly systemd: boolean;
	readonly interfaces: readonly InterfaceFacts[];
	readonly userId?: number;
	readonly groupId?: number;
	readonly dirs: ReadonlyMap<string, PathStat>;
	readonly files: ReadonlyMap<string, FileFacts>;
	/** `etcd --version` of the installed binary, when there is one. */
	readonly etcdVersion?: string;
	readonly etcdctlPresent: boolean;
	/** The data dir holds a member (`member/` exists): never wiped, never re-bootstrapped. */
	readonly hasData: boolean;
	readonly unit?: UnitFacts;
	/** systemd's version (252 for `systemd 252 (252.39-1~deb12u2)`). */
	readonly systemdVersion?: number;
	/** systemd's LoadState of etcd.service: `not-found` when it knows of none. */
	readonly unitLoadState?: string;
	/** Listening TCP sockets: port and the process holding it, from `ss -ltnp`. */
	readonly listening: readonly {
		readonly port: number;
		readonly address: string;
		readonly process: string;
	}[];
	/** Host clock (seconds since the epoch) when the script ran. */
	readonly clock: number;
	readonly memTotalKiB: number;
	/** Free space under the data dir (or its nearest existing parent). */
	readonly dataFreeKiB: number;
}

/** Maps `uname -m` to the architecture names etcd's release tarballs use. */
export function releaseArch(unameMachine: string): string | undefined {
	const known: Record<string, string> = {
		x86_64: 'amd64',
		aarch64: 'arm64',
		arm64: 'arm64',
		ppc64le: 'ppc64le',
		s390x: 's390x',
	};
	return known[unameMachine];
}

/** The first IPv4 of `interfaceName` with its prefix, or undefined when it or its address is missing. */
export function interfaceIpv4(
	facts: Pick<HostFacts, 'interfaces'>,
	interfaceName: string,
): { readonly address: string; readonly prefixLength: number } | undefined {
	return facts.interfaces.find((i) => i.name === interfaceName)?.ipv4[0];
}
