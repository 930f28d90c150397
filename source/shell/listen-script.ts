import type { ConnectResult, ListenerTool } from './probe-results.js';
import { shellQuote } from './quote.js';
import { hostScript, tabLines } from './script.js';

/** How long a listener lives at most, should nobody stop it (the run was killed). */
const LISTENER_LIFETIME_S = 20;

/** Seconds one connection attempt may take before it counts as dropped. */
export const CONNECT_TIMEOUT_S = 2;

const PYTHON = [
	'import socket, sys',
	's = socket.socket()',
	's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
	's.bind((sys.argv[1], int(sys.argv[2])))',
	's.listen(16)',
	'while True:',
	'    s.accept()[0].close()',
].join('\n');

const PERL =
	'my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1], Listen => 16, ReuseAddr => 1) or die "$@\\n"; while (my $c = $s->accept) { close $c }';

/**
 * The listener for each tool, as the words of a command using $ip and $port. Every one accepts
 * any number of connections and closes them at once; busybox nc binds every address.
 */
const LISTENERS: Readonly<Record<ListenerTool, string>> = {
	python3: `python3 -c ${shellQuote(PYTHON)} "$ip" "$port"`,
	perl: `perl -MIO::Socket::INET -e ${shellQuote(PERL)} "$ip" "$port"`,
	socat: 'socat "TCP-LISTEN:$port,bind=$ip,reuseaddr,fork" /dev/null',
	ncat: 'ncat -lk --recv-only "$ip" "$port"',
	nc: 'nc -lk "$ip" "$port"',
	'busybox nc': 'busybox nc -ll -p "$port" -e /bin/true',
};

/** How each tool is recognised, in the order of preference. */
const DETECT: readonly (readonly [ListenerTool, string])[] = [
	['python3', 'command -v python3'],
	['perl', 'perl -MIO::Socket::INET -e 1'],
	['socat', 'command -v socat'],
	['ncat', 'command -v ncat'],
	// OpenBSD's nc keeps listening with -k; the traditional one cannot.
	['nc', 'nc -h 2>&1 | grep -q OpenBSD'],
	['busybox nc', 'busybox nc --help 2>&1 | grep -q -- -ll'],
];

/** Every tool the reachability check can listen with, in the order it looks for them. */
export const LISTENER_TOOLS: readonly ListenerTool[] = DETECT.map(([tool]) => tool);

/**
 * Starts a listener on `ip` for each port with the first tool the host has, in its own session
 * (so sudo's pty closing does not end it) and for at most LISTENER_LIFETIME_S. Waits until each
 * listens, then prints `tool<TAB>name` and per port `listen<TAB>port<TAB>ok<TAB>pid` or
 * `listen<TAB>port<TAB>failed<TAB><TAB>error`.
 */
export function listenScript(ip: string, ports: readonly number[]): string {
	const detect = DETECT.map(
		([tool, test], i) =>
			`${i === 0 ? 'if' : 'elif'} ${test} >/dev/null 2>&1; then tool=${shellQuote(tool)}`,
	);
	const start = Object.entries(LISTENERS).map(
		([tool, words]) => `  ${shellQuote(tool)}) set -- ${words} ;;`,
	);
	return hostScript([
		`ip=${shellQuote(ip)}`,
		'tool=',
		...detect,
		'fi',
		`echo "tool\${t}\${tool:-none}"`,
		'[ -n "$tool" ] || exit 0',
		's=nohup; command -v setsid >/dev/null 2>&1 && s=setsid',
		'err=$(mktemp)',
		`for port in ${ports.join(' ')}; do`,
		'  case "$tool" in',
		...start,
		'  esac',
		// A simple command in the background: $! is the pid of `timeout` itself.
		`  $s timeout ${LISTENER_LIFETIME_S} "$@" </dev/null >/dev/null 2>"$err" &`,
		'  pid=$!; state=failed; n=0',
		'  while [ $n -lt 100 ]; do',
		// Ours, not another program's listener on another address of the same port.
		`    if ss -Hltn "sport = :$port" | awk -v a="$ip:$port" -v p=":$port" '$4 == a || $4 == "*" p || $4 == "0.0.0.0" p || $4 == "[::]" p {f = 1} END {exit !f}'; then state=ok; break; fi`,
		'    kill -0 $pid 2>/dev/null || break',
		'    sleep 0.05; n=$((n + 1))',
		'  done',
		'  [ $state = ok ] || kill $pid 2>/dev/null',
		`  echo "listen\${t}$port\${t}$state\${t}$([ $state = ok ] && echo $pid)\${t}$(tail -n 1 "$err" | tr '\\t' ' ')"`,
		'  : >"$err"',
		'done',
		'rm -f "$err"',
	]);
}

/** What `listenScript` printed: the tool, and per port the listener's pid or why it failed. */
export interface ListenOutput {
	readonly tool: ListenerTool | undefined;
	readonly ports: ReadonlyMap<number, { readonly pid: number } | { readonly error: string }>;
}

/** Parses `listenScript`'s output. */
export function parseListen(output: string): ListenOutput {
	let tool: ListenerTool | undefined;
	const ports = new Map<number, { pid: number } | { error: string }>();
	for (const [key, ...fields] of tabLines(output)) {
		if (key === 'tool') {
			tool = LISTENER_TOOLS.find((t) => t === fields[0]);
		} else if (key === 'listen') {
			const [port = '', state = '', pid = '', error = ''] = fields;
			ports.set(
				Number(port),
				state === 'ok'
					? { pid: Number(pid) }
					: { error: error.trim() || 'the listener did not come up within 5 s' },
			);
		}
	}
	return { tool, ports };
}

/**
 * The one-line command (sent as it is, not a script) that ends listeners by their pids, each a
 * `timeout` that passes TERM on to its listener.
 */
export function stopCommand(pids: readonly number[]): string {
	return `kill ${pids.join(' ')} 2>/dev/null; exit 0`;
}

/** One connection to try: the member's name, its address and the port. */
export interface ConnectTarget {
	readonly name: string;
	readonly ip: string;
	readonly port: number;
}

/**
 * Connects to every target at once with bash's /dev/tcp, each for at most CONNECT_TIMEOUT_S,
 * and prints `connect<TAB>name<TAB>port<TAB>ok` or `...<TAB>exit code<TAB>last error line`.
 * Prints `connector<TAB>none` when the host has no bash or timeout.
 */
export function connectScript(targets: readonly ConnectTarget[]): string {
	const tries = targets.map(
		(target) => `try ${shellQuote(target.name)} ${shellQuote(target.ip)} ${target.port} &`,
	);
	return hostScript([
		'if ! command -v bash >/dev/null 2>&1 || ! command -v timeout >/dev/null 2>&1; then',
		`  echo "connector\${t}none"; exit 0`,
		'fi',
		'try() {',
		`  if out=$(timeout ${CONNECT_TIMEOUT_S} bash -c 'echo >"/dev/tcp/$0/$1"' "$2" "$3" 2>&1); then`,
		`    echo "connect\${t}$1\${t}$3\${t}ok"`,
		'  else',
		`    code=$?; echo "connect\${t}$1\${t}$3\${t}$code\${t}$(printf '%s' "$out" | tail -n 1 | tr '\\t' ' ')"`,
		'  fi',
		'}',
		...tries,
		'wait',
	]);
}

/** Parses `connectScript`'s output into results from `from`; undefined when it had no bash. */
export function parseConnects(from: string, output: string): ConnectResult[] | undefined {
	const lines = tabLines(output);
	if (lines.some(([key]) => key === 'connector')) return undefined;
	return lines
		.filter(([key]) => key === 'connect')
		.map(([, to = '', port = '', code = '', detail = '']) => ({
			from,
			to,
			port: Number(port),
			outcome: outcomeOf(code, detail),
			// bash names the script after $0 (the address): keep only the error itself.
			...(code === 'ok' ? {} : { detail: detail.slice(detail.lastIndexOf(': ') + 1).trim() }),
		}));
}

function outcomeOf(code: string, detail: string): ConnectResult['outcome'] {
	if (code === 'ok') return 'ok';
	// timeout(1) exits 124 when the time ran out: the SYN went unanswered.
	if (code === '124') return 'timeout';
	if (/refused/i.test(detail)) return 'refused';
	if (/no route|unreachable/i.test(detail)) return 'unreachable';
	return 'error';
}
