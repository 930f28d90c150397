/** An etcd release number. */
export interface VersionInfo {
	readonly major: number;
	readonly minor: number;
	readonly patch: number;
}

const RELEASE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Whether `version` is a plain release number `X.Y.Z` (no `v`, no pre-release suffix). */
export function isReleaseVersion(version: string): boolean {
	return RELEASE.test(version);
}

/** Splits `X.Y.Z`; throws on anything else (pre-releases such as `3.6.0-rc.1` included). */
export function versionInfo(version: string): VersionInfo {
	const match = RELEASE.exec(version);
	if (!match) {
		throw new Error(`etcd version "${version}" is not a release number X.Y.Z such as "3.6.14"`);
	}
	return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Whether `version` is `major.minor` or later; throws on a malformed version. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
	const info = versionInfo(version);
	return info.major !== major ? info.major > major : info.minor >= minor;
}
