import { CHECKSUM_URL_TEMPLATE, DEFAULTS, DOWNLOAD_URL_TEMPLATE } from '../../cluster/defaults.js';
import type { ReleaseSource } from './types.js';

/** A release offered in the version list. */
export interface ReleaseOption {
	readonly version: string;
	readonly label: string;
}

/** The short list of releases: the current one first, 3.4 marked end of life. */
export const RELEASES: readonly ReleaseOption[] = [
	{ version: DEFAULTS.etcd.version, label: `${DEFAULTS.etcd.version} (current, 3.6)` },
	{ version: '3.5.21', label: '3.5.21 (3.5, still maintained)' },
	{ version: '3.4.23', label: '3.4.23 (end of life: no more fixes)' },
];

/** The value of the release choice that asks for a typed version. */
export const OTHER_RELEASE = 'other';

/** Where a release can come from, as offered. */
export const SOURCES: readonly { readonly value: ReleaseSource; readonly label: string }[] = [
	{ value: 'upstream', label: 'Download from GitHub (each host fetches it and checks SHA256SUMS)' },
	{ value: 'mirror', label: 'Download from a mirror (URL templates with {version} and {arch})' },
	{ value: 'tarball', label: 'Upload a local tarball from this machine (air-gapped hosts)' },
];

/** The upstream download and checksum URL templates. */
export const UPSTREAM = { downloadUrl: DOWNLOAD_URL_TEMPLATE, checksumUrl: CHECKSUM_URL_TEMPLATE };

/**
 * The SHA256SUMS URL beside a download URL template: its last path segment replaced, which is
 * how etcd's releases and the usual mirrors lay them out. '' when there is no `/` to cut at.
 */
export function checksumUrlBeside(downloadUrl: string): string {
	const cut = downloadUrl.lastIndexOf('/');
	if (cut < 0 || downloadUrl.slice(0, cut).endsWith('/')) return '';
	return `${downloadUrl.slice(0, cut)}/SHA256SUMS`;
}
