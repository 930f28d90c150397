import { posix } from 'node:path';
import type { PreparedRekey } from './prepare.js';
import { renewsAdmin } from './renew.js';

/**
 * What a rekey run will do, for the operator to read before saying yes: a line per point, as
 * long as it needs (a screen wraps each under its indent). Pure.
 */
export function formatRekeyPlan(
	prepared: Pick<PreparedRekey, 'spec' | 'local' | 'pendingRotation'>,
	options: { readonly ca: boolean; readonly members: readonly string[] },
): string {
	const { spec, local } = prepared;
	const backups = `${posix.join(spec.etcd.confDir, 'backup-<time>')}/ on each host`;
	const list = options.members.join(', ');
	if (!options.ca) {
		return [
			`rekey: new server and peer certificates for ${list} from the same CA; no restart`,
			`  one member at a time: its files kept in ${backups}, the new certificates and keys moved in together, both ports checked for the new serials, the cluster checked for health`,
			`  ${local.dir}/members/<name>/ is updated as each member is done; backups are removed at the end`,
			...(renewsAdmin(
				spec.hosts.map((h) => h.name),
				options.members,
			)
				? [`  then a new admin client certificate: ${local.dir}/admin.crt and admin.key (0600)`]
				: []),
		].join('\n');
	}
	const pending = prepared.pendingRotation ?? [];
	if (pending.length > 0) {
		return [
			`rekey --ca: finishes the CA rotation an earlier run stopped in its last phase (${local.dir} holds the new CA)`,
			`  ${pending.join(', ')}, one at a time, the leader last: trust only the new CA, restart once healthy`,
			`  ${pending.length} restart${pending.length === 1 ? '' : 's'}, never more than one member down; files kept in ${backups} until the run succeeds`,
			`  then ${local.dir}/ca.prev.* goes; certificates of the old CA (the old admin certificate too) are refused`,
		].join('\n');
	}
	const restarts = 2 * options.members.length;
	return [
		`rekey --ca: a new CA for cluster ${spec.name}, and every certificate from it`,
		`  1. ${list}, one at a time, the leader last: trust the old and the new CA (ca.crt = both), restart once healthy`,
		`  2. ${list}, one at a time: server and peer certificates from the new CA, no restart; then ${local.dir} switches to the new CA and a new admin certificate (old CA kept as ca.prev.*)`,
		`  3. ${list}, one at a time, the leader last: trust only the new CA, restart once healthy`,
		`  ${restarts} restarts, never more than one member down; files kept in ${backups} until the run succeeds`,
		'  afterwards certificates of the old CA (the old admin certificate too) are refused',
		...clientLines(local),
	].join('\n');
}

/** Extra client certificates are not reissued by a rotation: say which stop working, and how to renew. */
function clientLines(local: Pick<PreparedRekey['local'], 'clients'>): string[] {
	const names = [...(local.clients?.keys() ?? [])];
	if (names.length === 0) return [];
	return [
		`  client certificates from the old CA stop working too: ${names.join(', ')}; reissue each afterwards: etcd-wizard rekey <cluster.yaml> --client <name> --yes`,
	];
}
