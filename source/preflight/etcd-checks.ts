import type { ClusterSpec } from '../cluster/types.js';
import { isReleaseVersion, versionInfo } from '../cluster/version.js';
import { planCluster } from '../plan/plan.js';
import { UNIT_PATH } from '../render/index.js';
import type { HostFacts } from '../shell/facts.js';
import { isOwnEtcd } from './ports.js';
import { finding, pass } from './result.js';
import type { CheckId, CheckResult } from './types.js';

/**
 * The planner's refusals (no systemd, no release for the architecture, a missing interface or
 * address, data from another cluster, members with and without data) as failed checks, with the
 * planner's own words: `apply` shows each once.
 */
export function plannerFindings(
	spec: ClusterSpec,
	facts: ReadonlyMap<string, HostFacts>,
	token: string | undefined,
): CheckResult[] {
	const { problems } = planCluster({ spec, facts, desired: new Map(), token: token ?? '' });
	return problems.map((p) =>
		finding('fail', checkOf(p.message), p.host ?? null, p.message, p.hint),
	);
}

function checkOf(message: string): CheckId {
	if (/systemd|architecture|ships no release/.test(message)) return 'system';
	if (/interface/.test(message)) return 'interface';
	return 'etcd';
}

/** What etcd already on the host means: this cluster's, another's unit, a version change. */
export function etcdCheck(
	spec: ClusterSpec,
	host: string,
	facts: HostFacts,
	token: string | undefined,
): CheckResult {
	const have = facts.etcdVersion;
	const want = spec.etcd.version;
	const state = facts.unit ? `${facts.unit.activeState}, ${facts.unit.unitFileState}` : 'no unit';
	if (isOwnEtcd(spec, facts, token)) {
		const upgrade =
			have && have !== want ? versionStep(host, have, want, facts.hasData) : undefined;
		if (upgrade && upgrade.verdict !== 'pass') return upgrade;
		const change =
			have && have !== want ? `; apply replaces ${have} with ${want}, one member at a time` : '';
		return pass('etcd', host, `this cluster's etcd ${have ?? '(no binary)'} (${state})${change}`);
	}
	if (facts.unit) {
		return finding(
			'warn',
			'etcd',
			host,
			`${host} already has ${UNIT_PATH} (${state}, etcd ${have ?? 'binary missing'}), not made for this cluster file: apply replaces it`,
			`if it runs another etcd that must live on, move it to other ports and unit name first; otherwise stop it: systemctl disable --now etcd on ${host}`,
		);
	}
	if (have) {
		return pass(
			'etcd',
			host,
			`etcd ${have} is in ${spec.etcd.binDir}, no unit; apply installs ${want}`,
		);
	}
	return pass('etcd', host, `no etcd on ${host} yet; apply installs ${want}`);
}

/** etcd upgrades a member with data one minor version at a time, and never downgrades it. */
function versionStep(host: string, have: string, want: string, hasData: boolean): CheckResult {
	if (!hasData || !isReleaseVersion(have) || !isReleaseVersion(want)) {
		return pass('etcd', host, `etcd ${have} -> ${want}`);
	}
	const from = versionInfo(have);
	const to = versionInfo(want);
	const minors = to.major === from.major ? to.minor - from.minor : Number.NaN;
	if (minors < 0 || (minors === 0 && to.patch < from.patch)) {
		return finding(
			'fail',
			'etcd',
			host,
			`${host} runs etcd ${have} with data: going back to ${want} is a downgrade, which etcd allows only through its downgrade procedure`,
			`set etcd.version back to ${have} in the cluster file, or follow etcd's downgrade guide (etcdctl downgrade) by hand`,
		);
	}
	if (!(minors <= 1)) {
		const next = `${from.major}.${from.minor + 1}`;
		return finding(
			'fail',
			'etcd',
			host,
			`${host} runs etcd ${have} with data: etcd upgrades one minor version at a time, so ${want} cannot follow it directly`,
			`set etcd.version to the latest ${next}.x release, apply, then go on to ${want}`,
		);
	}
	return pass('etcd', host, `etcd ${have} -> ${want}`);
}
