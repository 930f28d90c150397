/** The release line of an etcd version: what decides which flags and variables it understands. */
export interface EtcdMinor {
	readonly major: number;
	readonly minor: number;
}

/** Parses `etcd.version` ("3.6.14", "v3.5.21", "3.7.0-rc.1") into its release line. */
export function etcdMinor(version: string): EtcdMinor {
	const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$/.exec(version.trim());
	if (match?.[1] === undefined || match[2] === undefined) {
		throw new Error(
			`etcd.version "${version}" is not a version like 3.6.14: fix it in the cluster file`,
		);
	}
	return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `version` is on release line `major.minor` or a later one. */
export function isAtLeast(version: string, major: number, minor: number): boolean {
	const parsed = etcdMinor(version);
	return parsed.major > major || (parsed.major === major && parsed.minor >= minor);
}
