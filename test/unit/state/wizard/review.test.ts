import { describe, expect, it } from 'vitest';
import { parseClusterFile } from '../../../../source/cluster/index.js';
import { loadTemplates } from '../../../../source/render/index.js';
import { reviewDocuments } from '../../../../source/state/wizard/review.js';
import { toClusterSpec } from '../../../../source/state/wizard/spec.js';
import { factsWithoutInterfaces, stateAt } from './fixtures.js';

const templates = await loadTemplates();

describe('reviewDocuments', () => {
	it('shows the answers, the file that parses back to the spec, and one member’s config', () => {
		const state = { ...stateAt('review'), templates };
		const { titles, pages } = reviewDocuments(state);
		expect(titles).toEqual(['Summary', 'cluster.yaml', 'etcd.conf.yml (etcd1)']);
		expect(pages[0]).toEqual([
			'cluster homelab: 3 members, etcd 3.6.14',
			'writes  /home/ops/work/homelab/cluster.yaml',
			'        and the CA and certificates in ./pki beside it',
			'ssh     root@host:22, key ~/.ssh/id_ed25519',
			'  etcd1        ssh 10.77.0.11       wg0 10.88.0.11',
			'  etcd2        ssh 10.77.0.12       wg0 10.88.0.12',
			'  etcd3        ssh 10.77.0.13       wg0 10.88.0.13',
			'ports   client 2379, peer 2380; runs as etcd:etcd',
			'release download https://github.com/etcd-io/etcd/releases/download/v{version}/etcd-v{version}-linux-{arch}.tar.gz',
			'etcd    heartbeat-interval=100 election-timeout=1000',
		]);
		expect(parseClusterFile(pages[1].join('\n'), 'cluster.yaml').spec).toEqual(
			toClusterSpec(state),
		);
		expect(pages[2]).toContain('name: etcd1');
		expect(pages[2]).toContain('listen-peer-urls: https://10.88.0.11:2380');
		expect(pages[2]).toContain('initial-cluster-token: (derived from the new CA)');
	});

	it('lists warnings, and says why the config cannot be shown', () => {
		const base = stateAt('review');
		const eol = { ...base, answers: { ...base.answers, release: '3.4.23' } };
		expect(reviewDocuments(eol).pages[0].at(-1)).toBe(
			'warning: etcd.version: etcd 3.4 is end of life (no more fixes); consider "3.6.14"',
		);
		expect(reviewDocuments(eol).pages[2]).toEqual(['loading the templates…']);
		expect(reviewDocuments({ ...base, templatesError: 'no templates/' }).pages[2]).toEqual([
			'cannot show etcd.conf.yml: no templates/',
		]);
		const lacking = {
			...base,
			templates,
			facts: factsWithoutInterfaces('etcd2'),
		} as typeof base;
		expect(reviewDocuments(lacking).pages[2]).toEqual([
			'a host has no address on wg0; go back to the interface step',
		]);
	});
});
