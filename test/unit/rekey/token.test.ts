import { describe, expect, it } from 'vitest';
import { configToken, withToken } from '../../../source/rekey/token.js';
import { clusterToken, renderEtcdConfig } from '../../../source/render/index.js';
import { clusterSpec, MEMBERS, TEMPLATES } from '../render/fixtures.js';

const OLD_CA = '-----BEGIN CERTIFICATE-----\nMIIBold\n-----END CERTIFICATE-----\n';
const NEW_CA = '-----BEGIN CERTIFICATE-----\nMIIBnew\n-----END CERTIFICATE-----\n';

const [ETCD1] = MEMBERS;
if (!ETCD1) throw new Error('fixture without members');

describe('configToken and withToken', () => {
	const spec = clusterSpec();
	const render = (seed: string) =>
		renderEtcdConfig(TEMPLATES.etcdConf, spec, ETCD1, MEMBERS, 'new', seed);

	it('turns the config apply renders for the old CA into the one it renders for the new CA', () => {
		const before = render(OLD_CA);
		expect(configToken(before)).toBe(clusterToken(spec, OLD_CA));
		// Exactly what apply would write after the rotation: no diff, no restart.
		expect(withToken(before, clusterToken(spec, NEW_CA))).toBe(render(NEW_CA));
	});

	it('keeps quotes and everything else as it was', () => {
		const config = 'name: etcd1\ninitial-cluster-token: "lab-abc"\ninitial-cluster-state: new\n';
		expect(configToken(config)).toBe('lab-abc');
		expect(withToken(config, 'lab-def')).toBe(
			'name: etcd1\ninitial-cluster-token: "lab-def"\ninitial-cluster-state: new\n',
		);
	});

	it('refuses a config without a token rather than add one', () => {
		expect(configToken('name: etcd1\n')).toBeUndefined();
		expect(() => withToken('name: etcd1\n', 'lab-def')).toThrow('names no initial-cluster-token');
	});
});
