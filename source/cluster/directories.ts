import { posix } from 'node:path';
import { capped, quoted } from './shown.js';

/** The cluster file's keys naming a directory on every host. */
export type EtcdDirectoryKey = 'confDir' | 'dataDir' | 'binDir';

/** What each key gets when its value is refused. */
const EXAMPLES: Readonly<Record<EtcdDirectoryKey, string>> = {
	confDir: '/etc/etcd',
	dataDir: '/var/lib/etcd',
	binDir: '/usr/local/bin',
};

/**
 * Directories of the host's own system (the FHS and the usual Debian and RHEL layout), with every
 * parent of each: apply makes confDir root:<group> 0750 and dataDir <user>:<group> 0700 (and the
 * etcd user's home), so neither may be one of these; binDir may not be one either (it is not a
 * place for etcd's programs), except the two that are meant for local programs.
 */
export const SYSTEM_DIRECTORIES: readonly string[] = [
	'/',
	'/bin',
	'/boot',
	'/dev',
	'/etc',
	'/etc/cron.d',
	'/etc/default',
	'/etc/init.d',
	'/etc/pam.d',
	'/etc/security',
	'/etc/ssh',
	'/etc/ssl',
	'/etc/sudoers.d',
	'/etc/systemd',
	'/etc/systemd/system',
	'/home',
	'/lib',
	'/lib32',
	'/lib64',
	'/libx32',
	'/lost+found',
	'/media',
	'/mnt',
	'/opt',
	'/proc',
	'/root',
	'/run',
	'/sbin',
	'/snap',
	'/srv',
	'/sys',
	'/tmp',
	'/usr',
	'/usr/bin',
	'/usr/games',
	'/usr/include',
	'/usr/lib',
	'/usr/lib32',
	'/usr/lib64',
	'/usr/libexec',
	'/usr/local',
	'/usr/local/bin',
	'/usr/local/etc',
	'/usr/local/games',
	'/usr/local/include',
	'/usr/local/lib',
	'/usr/local/sbin',
	'/usr/local/share',
	'/usr/local/src',
	'/usr/sbin',
	'/usr/share',
	'/usr/src',
	'/var',
	'/var/backups',
	'/var/cache',
	'/var/lib',
	'/var/local',
	'/var/lock',
	'/var/log',
	'/var/mail',
	'/var/opt',
	'/var/run',
	'/var/spool',
	'/var/tmp',
	'/var/www',
];

/** Where the distribution's packages keep their programs: never binDir. */
export const PACKAGED_PROGRAM_DIRECTORIES: readonly string[] = [
	'/bin',
	'/sbin',
	'/usr/bin',
	'/usr/sbin',
];

/** System directories meant for programs installed by hand: fine as binDir. */
export const LOCAL_PROGRAM_DIRECTORIES: readonly string[] = ['/usr/local/bin', '/usr/local/sbin'];

/**
 * Trees in which no etcd directory may be, with why: a directory there does not survive a
 * reboot, or another user can make it (or a link in its place) before apply does.
 */
export const REFUSED_TREES: Readonly<Record<string, string>> = {
	'/dev': 'a kernel filesystem, not a place for files',
	'/proc': 'a kernel filesystem, not a place for files',
	'/sys': 'a kernel filesystem, not a place for files',
	'/run': 'which lives in memory: it is gone after a reboot',
	'/tmp':
		'which every user may write to: another user could make it, or a link in its place, before apply does, and it is emptied at boot',
	'/var/tmp':
		'which every user may write to: another user could make it, or a link in its place, before apply does, and it is emptied at boot',
};

/**
 * A character the systemd unit (templates/etcd.service, render/service-unit.ts) cannot hold as
 * it is: outside letters, digits and `. _ / @ + -`, a value would be read as a specifier (`%`),
 * a variable (`$`), a quote, an escape or a new word there.
 */
const UNIT_UNSAFE = /[^A-Za-z0-9._/@+-]/u;

const SYSTEM = new Set(SYSTEM_DIRECTORIES);
const PACKAGED = new Set(PACKAGED_PROGRAM_DIRECTORIES);
const LOCAL = new Set(LOCAL_PROGRAM_DIRECTORIES);

/**
 * An absolute directory with `.`, `..`, repeated `/` and a trailing `/` resolved, lexically:
 * `//var/lib/etcd/..` is `/var/lib`. A relative path is returned as it is.
 */
export function normalizeDirectory(dir: string): string {
	if (!posix.isAbsolute(dir)) return dir;
	const normal = posix.normalize(dir);
	return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/**
 * Why `dir` cannot be etcd's `key` directory on the hosts, or undefined when it can: it must be
 * absolute, without whitespace or another character the systemd unit cannot hold (it lands in
 * one), not a system directory or a user's home (`/home/<name>`), and not inside a refused tree.
 * Pure: the wizard's validators may call it. The message starts with the value (capped in
 * length) and ends with what to write instead.
 */
export function directoryProblem(key: EtcdDirectoryKey, dir: string): string | undefined {
	const example = EXAMPLES[key];
	if (!posix.isAbsolute(dir)) return `${quoted(dir)} must be an absolute path such as ${example}`;
	if (/\s/.test(dir)) return `${quoted(dir)} must not contain spaces; use e.g. ${example}`;
	const odd = UNIT_UNSAFE.exec(dir)?.[0];
	if (odd !== undefined) {
		return `${quoted(dir)} holds ${quoted(odd)}, which the systemd unit cannot hold as it is; use only letters, digits and . _ / @ + -, e.g. ${example}`;
	}
	const normal = normalizeDirectory(dir);
	const is = normal === dir ? `${quoted(dir)} is` : `${quoted(dir)} is ${capped(normal)},`;
	const tree = Object.keys(REFUSED_TREES).find((t) => normal.startsWith(`${t}/`));
	if (tree) return `${quoted(dir)} is inside ${tree}, ${REFUSED_TREES[tree]}; use e.g. ${example}`;
	const instead = `use /usr/local/bin (the default) or a directory of its own, e.g. /opt/etcd/bin`;
	if (key === 'binDir') {
		if (PACKAGED.has(normal)) {
			return `${is} where the distribution's packages keep their programs: apply would install etcd and etcdctl over a packaged etcd; ${instead}`;
		}
		if (SYSTEM.has(normal) && !LOCAL.has(normal)) {
			return `${is} a system directory, not one for etcd's programs; ${instead}`;
		}
		return undefined;
	}
	const own = `apply would chown and chmod it for etcd on every host; use a directory of etcd's own, e.g. ${example}`;
	if (SYSTEM.has(normal)) return `${is} a system directory: ${own}`;
	if (/^\/home\/[^/]+$/.test(normal)) return `${is} a user's home directory: ${own}`;
	return undefined;
}

/**
 * Why confDir and dataDir cannot go together (the same directory, or one inside the other),
 * with the key to point at; undefined when they are apart. Both are compared normalised.
 */
export function directoriesOverlap(
	confDir: string,
	dataDir: string,
): { readonly key: 'confDir' | 'dataDir'; readonly message: string } | undefined {
	const conf = normalizeDirectory(confDir);
	const data = normalizeDirectory(dataDir);
	if (conf === data) {
		return {
			key: 'dataDir',
			message: `is the same directory as confDir (${capped(conf)}); keep data and configuration apart, e.g. ${EXAMPLES.dataDir}`,
		};
	}
	if (data.startsWith(`${conf}/`)) {
		return {
			key: 'dataDir',
			message: `must not be inside confDir (${capped(conf)}); use e.g. ${EXAMPLES.dataDir}`,
		};
	}
	if (conf.startsWith(`${data}/`)) {
		return {
			key: 'confDir',
			message: `must not be inside dataDir (${capped(data)}); use e.g. ${EXAMPLES.confDir}`,
		};
	}
	return undefined;
}
