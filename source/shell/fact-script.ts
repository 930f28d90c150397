import type { FileFacts, HostFacts, PathStat, UnitFacts } from './facts.js';
import { INTERFACE_LINES, parseInterfaces } from './interfaces.js';
import { shellQuote } from './quote.js';
import { hostScript, nearestDir, tabLines } from './script.js';
import { showProperties } from './systemctl.js';

/** What to look at on a host: the etcd paths and the files etcd-wizard would write. */
export interface FactQuery {
	readonly user: string;
	readonly group: string;
	readonly dirs: readonly string[];
	readonly binDir: string;
	readonly dataDir: string;
	/** Files to hash; `withContent` ones are also read back (never keys). */
	readonly files: readonly { readonly path: string; readonly withContent: boolean }[];
}

/**
 * One POSIX shell script, run as root, that prints every fact as a tab-separated line, so
 * gathering costs one round trip per host. Missing things print nothing.
 */
export function factScript(q: FactQuery): string {
	const lines = [
		`echo "arch\${t}$(uname -m)"`,
		`echo "kernel\${t}$(uname -r)"`,
		`echo "hostname\${t}$(hostname)"`,
		'os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")',
		`echo "os\${t}\${os:-unknown}"`,
		`[ -d /run/systemd/system ] && echo "systemd\${t}yes"`,
		// The version, and whether systemd knows any etcd.service (a packaged one, say): a unit it
		// has never loaded needs no daemon-reload.
		`[ -d /run/systemd/system ] && echo "systemd-version\${t}$(systemctl --version | awk 'NR==1 {print $2}')"`,
		`[ -d /run/systemd/system ] && echo "unit-load\${t}$(systemctl show etcd -p LoadState --value)"`,
		`echo "clock\${t}$(date +%s.%N)"`,
		`echo "mem\${t}$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"`,
		...INTERFACE_LINES,
		`id -u ${shellQuote(q.user)} >/dev/null 2>&1 && echo "uid\${t}$(id -u ${shellQuote(q.user)})"`,
		`getent group ${shellQuote(q.group)} >/dev/null && echo "gid\${t}$(getent group ${shellQuote(q.group)} | cut -d: -f3)"`,
	];
	for (const dir of q.dirs) {
		lines.push(
			`[ -d ${shellQuote(dir)} ] && stat -c "dir\${t}%n\${t}%a\${t}%U\${t}%G" ${shellQuote(dir)}`,
		);
	}
	const etcd = shellQuote(`${q.binDir}/etcd`);
	lines.push(
		`[ -x ${etcd} ] && echo "etcd\${t}$(${etcd} --version 2>/dev/null | awk '/etcd Version:/ {print $3}')"`,
		`[ -x ${shellQuote(`${q.binDir}/etcdctl`)} ] && echo "etcdctl\${t}yes"`,
		`[ -d ${shellQuote(`${q.dataDir}/member`)} ] && echo "data\${t}yes"`,
		...nearestDir(q.dataDir),
		`echo "free\${t}$(df -Pk "$d" | awk 'NR==2 {print $4}')"`,
		`if [ -d /run/systemd/system ] && [ -f /etc/systemd/system/etcd.service ]; then`,
		`  echo "unit\${t}$(systemctl show etcd -p ActiveState -p SubState -p MainPID -p UnitFileState -p NRestarts | tr '\\n' ' ')"`,
		'fi',
		`ss -Hltnp 2>/dev/null | awk -v t="$t" '{print "listen" t $4 t $6}'`,
	);
	for (const file of q.files) {
		const path = shellQuote(file.path);
		lines.push(
			`if [ -f ${path} ]; then`,
			`  echo "file\${t}$(stat -c "%n\${t}%a\${t}%U\${t}%G" ${path})\${t}$(sha256sum ${path} | cut -d' ' -f1)"`,
			// The path as printf's argument, never inside the format or double quotes.
			file.withContent ? `  printf 'content\\t%s\\t%s\\n' ${path} "$(base64 -w0 ${path})"` : '  :',
			'fi',
		);
	}
	lines.push('exit 0');
	return hostScript(lines);
}

/** Parses `factScript`'s output. Unknown lines are ignored (a newer script, an older parser). */
export function parseFacts(output: string): HostFacts {
	const dirs = new Map<string, PathStat>();
	const files = new Map<string, FileFacts>();
	const contents = new Map<string, string>();
	const listening: { port: number; address: string; process: string }[] = [];
	const single = new Map<string, string>();
	for (const [key = '', ...fields] of tabLines(output)) {
		switch (key) {
			case 'inet':
			case 'link':
				break; // parseInterfaces reads them
			case 'dir': {
				const [path = '', mode = '', owner = '', group = ''] = fields;
				dirs.set(path, { mode, owner, group });
				break;
			}
			case 'file': {
				const [path = '', mode = '', owner = '', group = '', sha256 = ''] = fields;
				files.set(path, { mode, owner, group, sha256 });
				break;
			}
			case 'content':
				contents.set(fields[0] ?? '', Buffer.from(fields[1] ?? '', 'base64').toString('utf8'));
				break;
			case 'listen': {
				const local = fields[0] ?? '';
				const port = Number(local.slice(local.lastIndexOf(':') + 1));
				const address = local.slice(0, local.lastIndexOf(':')).replace(/^\[|\]$/g, '');
				const process = /"([^"]+)"/.exec(fields[1] ?? '')?.[1] ?? '';
				if (Number.isInteger(port)) listening.push({ port, address, process });
				break;
			}
			default:
				if (key) single.set(key, fields.join('\t'));
		}
	}
	for (const [path, content] of contents) {
		const file = files.get(path);
		if (file) files.set(path, { ...file, content });
	}
	const number = (key: string): number | undefined => {
		const value = single.get(key);
		return value === undefined || value === '' ? undefined : Number(value);
	};
	const unit = single.has('unit') ? parseUnit(single.get('unit') ?? '') : undefined;
	const uid = number('uid');
	const gid = number('gid');
	const etcdVersion = single.get('etcd');
	return {
		arch: single.get('arch') ?? '',
		os: single.get('os') ?? 'unknown',
		kernel: single.get('kernel') ?? '',
		hostname: single.get('hostname') ?? '',
		systemd: single.get('systemd') === 'yes',
		interfaces: parseInterfaces(output),
		...(uid === undefined ? {} : { userId: uid }),
		...(gid === undefined ? {} : { groupId: gid }),
		dirs,
		files,
		...(etcdVersion ? { etcdVersion } : {}),
		etcdctlPresent: single.get('etcdctl') === 'yes',
		hasData: single.get('data') === 'yes',
		...(unit ? { unit } : {}),
		...optionalNumber('systemdVersion', number('systemd-version')),
		...(single.get('unit-load') ? { unitLoadState: single.get('unit-load') as string } : {}),
		listening,
		clock: number('clock') ?? 0,
		memTotalKiB: number('mem') ?? 0,
		dataFreeKiB: number('free') ?? 0,
	};
}

function parseUnit(text: string): UnitFacts {
	const props = showProperties(text);
	return {
		activeState: props.get('ActiveState') ?? 'unknown',
		subState: props.get('SubState') ?? 'unknown',
		mainPid: Number(props.get('MainPID') ?? 0),
		unitFileState: props.get('UnitFileState') ?? 'unknown',
		restarts: Number(props.get('NRestarts') ?? 0),
	};
}

function optionalNumber<K extends string>(
	key: K,
	value: number | undefined,
): { [P in K]?: number } {
	return (value === undefined || !Number.isFinite(value) ? {} : { [key]: value }) as {
		[P in K]?: number;
	};
}
