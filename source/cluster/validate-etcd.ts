import { DEFAULTS, URL_PLACEHOLDERS } from './defaults.js';
import { directoriesOverlap, directoryProblem } from './directories.js';
import { checkPort } from './port.js';
import type { Reporter } from './reporter.js';
import { capped, quoted } from './shown.js';
import type { EtcdSpec } from './types.js';
import { validateSettings } from './validate-settings.js';
import { isReleaseVersion, versionAtLeast } from './version.js';

const LINUX_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const LINUX_NAME_RULE =
	"lowercase letters, digits, '_' or '-', starting with a letter or '_', at most 32 characters";

/** The etcd section: release, source, interface, ports, owner, directories and settings. */
export function validateEtcd(etcd: EtcdSpec, report: Reporter): void {
	const versionOk = validateVersion(etcd.version, report);
	validateSource(etcd, report);
	if (!isInterfaceName(etcd.interface)) {
		report.error(
			['etcd', 'interface'],
			`${quoted(etcd.interface)} is not a network interface name; use one such as wg0, tap0 or eth1 (at most 15 characters: letters, digits, '.', '_', '-', '@' or '+')`,
		);
	}
	checkPort(report, ['etcd', 'clientPort'], etcd.clientPort);
	checkPort(report, ['etcd', 'peerPort'], etcd.peerPort);
	if (etcd.clientPort === etcd.peerPort) {
		report.error(
			['etcd', 'peerPort'],
			`${etcd.peerPort} is also the clientPort; use another port (etcd's default is 2380)`,
		);
	}
	for (const key of ['user', 'group'] as const) {
		if (!LINUX_NAME.test(etcd[key])) {
			report.error(
				['etcd', key],
				`${quoted(etcd[key])} is not a valid Linux ${key} name; use ${LINUX_NAME_RULE}`,
			);
		}
	}
	for (const key of ['uid', 'gid'] as const) {
		const id = etcd[key];
		if (id !== undefined && !(Number.isInteger(id) && id >= 0)) {
			report.error(
				['etcd', key],
				`${id} must be a whole number, 0 or more (or remove it to let the host choose)`,
			);
		}
	}
	validateDirectories(etcd, report);
	validateSettings(etcd.settings, versionOk ? etcd.version : undefined, report);
}

/**
 * An interface name as Linux allows it (IFNAMSIZ: 15 characters, no '/' or white space), and
 * here no shell metacharacter either: the name goes into commands printed for a root shell.
 */
export function isInterfaceName(name: string): boolean {
	return /^[A-Za-z0-9._@+-]{1,15}$/.test(name) && name !== '.' && name !== '..';
}

/** Whether the version is usable for version-dependent checks. */
function validateVersion(version: string, report: Reporter): boolean {
	const path = ['etcd', 'version'];
	if (!isReleaseVersion(version)) {
		report.error(
			path,
			`${quoted(version)} is not a release number; write X.Y.Z such as "${DEFAULTS.etcd.version}" (a leading "v" and pre-releases are not supported)`,
		);
		return false;
	}
	if (!versionAtLeast(version, 3, 4)) {
		report.error(
			path,
			`etcd ${capped(version)} is not supported; use 3.5 or later, e.g. "${DEFAULTS.etcd.version}"`,
		);
		return false;
	}
	if (!versionAtLeast(version, 3, 5)) {
		report.warning(
			path,
			`etcd 3.4 is end of life (no more fixes); consider "${DEFAULTS.etcd.version}"`,
		);
	}
	return true;
}

/** Exactly one release source: a local tarball, or a download URL with its checksum URL. */
function validateSource(etcd: EtcdSpec, report: Reporter): void {
	if (etcd.tarball !== undefined && etcd.downloadUrl !== undefined) {
		report.error(
			['etcd', 'tarball'],
			'set either tarball (a local file uploaded to the hosts) or downloadUrl (fetched by each host), not both; remove one',
		);
	} else if (etcd.tarball !== undefined) {
		if (etcd.checksumUrl !== undefined) {
			report.error(
				['etcd', 'checksumUrl'],
				'is used only with downloadUrl; remove it when using tarball',
			);
		}
	} else if (etcd.downloadUrl === undefined) {
		report.error(
			['etcd', 'downloadUrl'],
			'is needed (with checksumUrl) unless etcd.tarball names a local release tarball',
		);
	} else if (etcd.checksumUrl === undefined) {
		report.error(
			['etcd', 'checksumUrl'],
			"is required with downloadUrl: the URL of the release's SHA256SUMS, e.g. https://.../v{version}/SHA256SUMS",
		);
	}
	if (etcd.downloadUrl !== undefined)
		checkUrl(etcd.downloadUrl, ['etcd', 'downloadUrl'], true, report);
	if (etcd.checksumUrl !== undefined)
		checkUrl(etcd.checksumUrl, ['etcd', 'checksumUrl'], false, report);
	if (etcd.tarball?.trim() === '') {
		report.error(['etcd', 'tarball'], 'must name a local etcd-vX.Y.Z-linux-ARCH.tar.gz file');
	}
	if (etcd.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(etcd.sha256)) {
		report.error(
			['etcd', 'sha256'],
			`${quoted(etcd.sha256)} is not a SHA-256 digest; write the tarball's 64 hex digits, as sha256sum prints them`,
		);
	}
}

function checkUrl(template: string, path: string[], needsVersion: boolean, report: Reporter): void {
	const allowed = URL_PLACEHOLDERS.map((name) => `{${name}}`).join(' and ');
	const unknown = [...template.matchAll(/\{([^}]*)\}/g)]
		.map((match) => match[1] ?? '')
		.filter((name) => !(URL_PLACEHOLDERS as readonly string[]).includes(name));
	if (unknown.length > 0) {
		report.error(
			path,
			`has the unknown placeholder {${capped(unknown[0] ?? '')}}; only ${allowed} are filled in`,
		);
	} else if (!isHttpUrl(template.replaceAll(/\{(version|arch)\}/g, 'x'))) {
		report.error(path, `${quoted(template)} must be an http:// or https:// URL`);
	} else if (needsVersion && !template.includes('{version}')) {
		report.error(
			path,
			'must contain {version} so the URL follows etcd.version, e.g. .../v{version}/etcd-v{version}-linux-{arch}.tar.gz',
		);
	}
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

const DIRECTORIES = ['confDir', 'dataDir', 'binDir'] as const;

/**
 * Each directory usable on the hosts (see directoryProblem: absolute, no whitespace, no system
 * directory), and data and config apart; all compared normalised.
 */
function validateDirectories(etcd: EtcdSpec, report: Reporter): void {
	const valid = new Set<string>();
	for (const key of DIRECTORIES) {
		const problem = directoryProblem(key, etcd[key]);
		if (problem) report.error(['etcd', key], problem);
		else valid.add(key);
	}
	if (!valid.has('confDir') || !valid.has('dataDir')) return;
	const overlap = directoriesOverlap(etcd.confDir, etcd.dataDir);
	if (overlap) report.error(['etcd', overlap.key], overlap.message);
}
