const TOKEN_LINE = /^(initial-cluster-token:\s*"?)([^"\s]+)("?)/m;

/** The initial-cluster-token an etcd config file names, if any. */
export function configToken(config: string): string | undefined {
	return TOKEN_LINE.exec(config)?.[2];
}

/**
 * The config with its initial-cluster-token replaced and nothing else changed. The token is
 * derived from the CA (see clusterToken), so a new CA means a new token; etcd reads it only
 * when a member first bootstraps, so the change needs no restart.
 */
export function withToken(config: string, token: string): string {
	if (configToken(config) === undefined)
		throw new Error('the config names no initial-cluster-token');
	return config.replace(
		TOKEN_LINE,
		(_match, head: string, _old: string, tail: string) => `${head}${token}${tail}`,
	);
}
