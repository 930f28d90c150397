/** What the writer puts again once (extended regular expressions, no single quotes). */
const RETRYABLE = [
	'missing content-type field',
	'private key does not match public key',
	'context deadline exceeded',
	'etcdserver: request timed out',
];

/**
 * The shell loop the e2e tests keep writing with while members restart: `etcdctl put` every
 * 50 ms through every member, on a lab host. It prints `<ok> <failed> <retried> <why>` when
 * `stopFile` appears (read it with parseWriter); every error goes to /tmp/writer.err.
 *
 * Three kinds of error are retried once, and counted apart. One: etcd (3.4 and later, under TLS) serves gRPC
 * through net/http and, when a member shuts down, stops its gRPC server without draining it
 * (etcd's embed.stopServers: "do not grpc.Server.GracefulStop with TLS enabled"). An RPC that
 * races the shutdown is answered with an empty HTTP 200, which the client reports as
 * "missing content-type field" (code Unknown) and does not retry, though nothing was written.
 *
 * Two, where nothing was sent either: the writer's etcdctl reads the member's
 * own certificate and key (etcdctl.env), which a re-key replaces by renaming the new files over
 * them one after the other; an etcdctl that starts between the two renames reads a mismatched
 * pair and stops with "private key does not match public key" before it connects.
 *
 * Three, a put that times out while leadership moves: a leader that stops hands leadership to a
 * follower first, and while it does, raft drops the proposals other followers forward to it
 * (etcd raft's stepLeader: "transfer leadership ... is in progress; dropping proposal"). The
 * follower never hears back and its client waits out the command timeout ("context deadline
 * exceeded", or the server's "request timed out"). A rolling restart moves leadership once
 * (the leader restarts last), and a client does what any etcd client must then: puts again.
 * The same key and value, so a first put that did land is not counted twice.
 *
 * Any other error, or one of these twice, is a failed write.
 */
export function writerScript(options: {
	readonly endpoints: readonly string[];
	/** Keys are `<prefix><n>`, n counting the acknowledged writes from 0. */
	readonly prefix: string;
	readonly stopFile: string;
}): string {
	const { endpoints, prefix, stopFile } = options;
	return [
		'set -a; . /etc/etcd/etcdctl.env; set +a',
		`export ETCDCTL_ENDPOINTS=${endpoints.join(',')}`,
		`rm -f ${stopFile} /tmp/writer.err /tmp/writer.retried; ok=0; failed=0; retried=0; end=$(( $(date +%s) + 600 ))`,
		`retryable='${RETRYABLE.join('|')}'`,
		'put() { etcdctl --command-timeout=5s put "$1" v >/dev/null 2>/tmp/put.err; r=$?; cat /tmp/put.err >>/tmp/writer.err; return $r; }',
		`while [ ! -f ${stopFile} ] && [ $(date +%s) -lt $end ]; do`,
		`  if put ${prefix}$ok; then ok=$((ok+1));`,
		'  elif grep -qE "$retryable" /tmp/put.err && retried=$((retried+1)) &&',
		'    { grep -oE "$retryable" /tmp/put.err | head -n 1 >>/tmp/writer.retried; } &&',
		`    put ${prefix}$ok; then ok=$((ok+1));`,
		'  else failed=$((failed+1)); fi',
		'  sleep 0.05',
		'done',
		// What was retried, counted by error: "context deadline exceeded:1;".
		`why=$(sort /tmp/writer.retried 2>/dev/null | uniq -c | awk '{ n = $1; $1 = ""; printf "%s:%s;", substr($0, 2), n }')`,
		'echo "$ok $failed $retried $why"',
	].join('\n');
}

/** What the writer printed at the end. */
export interface WriterCounts {
	/** Writes acknowledged, `<prefix>0` to `<prefix><ok - 1>`. */
	readonly ok: number;
	readonly failed: number;
	/** Puts made again once after one of the errors RETRYABLE lists. */
	readonly retried: number;
	/** Those errors and how often: "context deadline exceeded:1;" (empty when none). */
	readonly why: string;
}

export function parseWriter(stdout: string): WriterCounts {
	const [ok, failed, retried, ...why] = stdout.trim().split(' ');
	return {
		ok: Number(ok),
		failed: Number(failed),
		retried: Number(retried),
		why: why.join(' '),
	};
}
