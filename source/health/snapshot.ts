import { clusterPath } from '../cluster/paths.js';
import { loadPki } from '../pki/index.js';
import type { ReachedMembers } from '../reach/members.js';
import { etcdctlEnvPath } from '../render/etcdctl-env.js';
import { gatherDetails, withMemberView } from './diagnosis/details.js';
import { diagnose, quotaBytes } from './diagnosis/index.js';
import type { HealthSnapshot } from './diagnosis/types.js';
import { probeCluster, summarizeCluster } from './probe-cluster.js';
import { probeMember } from './probe-member.js';
import { sshDial } from './ssh-dial.js';
import type { ClientIdentity, ClusterHealth, Dial, MemberEndpoint } from './types.js';

/**
 * What a health pass needs: every host's endpoint (a host without its cluster address is tried
 * at its SSH address, so the table still names it), the admin identity, the SSH dialer.
 */
async function healthTarget(
	reached: ReachedMembers,
): Promise<{ members: MemberEndpoint[]; identity: ClientIdentity; dial: Dial }> {
	const { spec, clusterFile } = reached;
	const pki = await loadPki(clusterPath(clusterFile, spec.pki.dir));
	const members = spec.hosts.map((h) => ({
		name: h.name,
		ip: reached.members.find((m) => m.name === h.name)?.clusterIp ?? h.address,
		clientPort: spec.etcd.clientPort,
	}));
	const identity = { caCert: pki.caCert, cert: pki.adminCert, key: pki.adminKey };
	return { members, identity, dial: sshDial(reached.connections) };
}

/** One health pass over every member, through SSH tunnels, with the admin certificate. */
export async function clusterHealth(
	reached: ReachedMembers,
	signal?: AbortSignal,
): Promise<ClusterHealth> {
	const { members, identity, dial } = await healthTarget(reached);
	return probeCluster(reached.spec.name, members, identity, dial, signal ? { signal } : {});
}

/**
 * One health pass and, at the same time, each member's details over its SSH connection; then
 * the diagnosis of both.
 */
export async function healthSnapshot(
	reached: ReachedMembers,
	signal?: AbortSignal,
): Promise<HealthSnapshot> {
	const { spec, connections } = reached;
	const { members, identity, dial } = await healthTarget(reached);
	const options = signal ? { signal } : {};
	const checking = Promise.all(members.map((m) => probeMember(m, identity, dial, options)));
	const paths = { confDir: spec.etcd.confDir, dataDir: spec.etcd.dataDir };
	const gathering = Promise.all(
		[...connections.values()].map((c) => gatherDetails(c, paths, signal)),
	);
	const [checks, gathered] = await Promise.all([checking, gathering]);
	const details = gathered.map((d) =>
		withMemberView(
			d,
			checks.find((c) => c.name === d.name),
		),
	);
	const health = summarizeCluster(spec.name, checks);
	const at = Date.now();
	const findings = diagnose({
		health,
		details,
		ips: new Map(reached.members.map((m) => [m.name, m.clusterIp])),
		peerPort: spec.etcd.peerPort,
		quotaBytes: quotaBytes(spec.etcd.settings),
		now: at,
		etcdctlEnv: etcdctlEnvPath(spec),
	});
	return { health, details, findings, at };
}
