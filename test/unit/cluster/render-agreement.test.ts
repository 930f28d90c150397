import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { directoryProblem } from '../../../source/cluster/directories.js';
import { renderEtcdctlEnv, renderServiceUnit } from '../../../source/render/index.js';
import { clusterSpec, TEMPLATES } from '../render/fixtures.js';
import { settingsProblems } from './helpers.js';

/**
 * What the loader accepts, the renderers can write (issue #16, finding 3): a value refused only
 * by a renderer is refused after the hosts were reached, without a position in the file.
 */
describe('the loader and the renderers agree', () => {
	// The settings block (a line of its own) is left out; every other marker becomes a word.
	const filled = TEMPLATES.etcdConf
		.replaceAll(/^\{\{\s*\w+\s*\}\}$/gm, '')
		.replaceAll(/\{\{\s*\w+\s*\}\}/g, 'x');
	const keys = Object.keys(parse(filled) as Record<string, unknown>);

	it('reads the keys of the config template', () => {
		expect(keys).toContain('enable-grpc-gateway');
		expect(keys.length).toBeGreaterThan(10);
	});

	it.each(keys)('refuses %s in etcd.settings: the config template writes it', (key) => {
		const found = settingsProblems(`${key}: x`);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatch(
			new RegExp(`^cluster\\.yaml:12:5 etcd\\.settings\\.${key}: is (set|written) by etcd-wizard`),
		);
	});

	const characters = [
		...Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i)),
		'é',
		'\u{1F600}',
		'\u0000',
		'\u001b',
	];

	it.each(characters.map((c) => [JSON.stringify(c), c]))(
		'a directory holding %s passes validation exactly when the unit and etcdctl.env can hold it',
		(_, c) => {
			const dir = `/srv/e${c}tcd`;
			const accepted = directoryProblem('dataDir', dir) === undefined;
			const spec = clusterSpec({ dataDir: dir, confDir: `/srv/c${c}onf`, binDir: `/opt/b${c}in` });
			const renders = () => {
				renderServiceUnit(TEMPLATES.service, spec);
				renderEtcdctlEnv(TEMPLATES.etcdctlEnv, spec);
			};
			if (accepted) {
				expect(directoryProblem('confDir', spec.etcd.confDir)).toBeUndefined();
				expect(directoryProblem('binDir', spec.etcd.binDir)).toBeUndefined();
				expect(renders).not.toThrow();
			} else {
				expect(renders).toThrow();
			}
		},
	);
});
