/**
 * The layers of design.md, checked in `npm test`'s lint step (npm run lint:deps).
 * Each folder of source/ may import only from the folders below it in LAYERS; folders in one
 * entry are peers and do not import each other. `import type` counts here (a cycle of types
 * is still a cycle); what may load ssh2, node-forge or node:fs is checked on value imports
 * alone, in .dependency-cruiser-runtime.cjs.
 */
const LAYERS = [
	['cli.tsx', 'build.mjs'],
	['commands'],
	['ui/wizard', 'ui/rekey', 'ui/health'],
	['ui/shared'],
	['state/wizard', 'state/rekey', 'state/health'],
	['state/shared'],
	['members', 'backup', 'maintain', 'rekey'],
	['run'],
	['preflight'],
	['health'],
	['reach'],
	['plan'],
	['render'],
	['pki'],
	['ssh'],
	['shell'],
	['cluster'],
	['store'],
	['events'],
];

const escape = (name) => name.replace(/[.]/g, '\\.');
const folderPattern = (names) => `^source/(${names.map(escape).join('|')})(/|$)`;

const layerRules = LAYERS.flatMap((layer, index) => {
	const above = LAYERS.slice(0, index).flat();
	const rules = [];
	if (above.length > 0) {
		rules.push({
			name: `layer:${layer.join('+')}`,
			comment: `${layer.join(', ')} may import only from the folders below it (design.md's layers)`,
			severity: 'error',
			from: { path: folderPattern(layer) },
			to: { path: folderPattern(above) },
		});
	}
	for (const peer of layer) {
		const others = layer.filter((name) => name !== peer);
		if (others.length === 0) continue;
		rules.push({
			name: `peers:${peer}`,
			comment: `${peer} does not import its peers (${others.join(', ')}): what they share goes below`,
			severity: 'error',
			from: { path: folderPattern([peer]) },
			to: { path: folderPattern(others) },
		});
	}
	return rules;
});

module.exports = {

	forbidden: [
		...layerRules,
		{
			name: 'no-cycle',
			comment: 'no import cycle, between folders or within one',
			severity: 'error',
			from: { path: '^source/' },
			to: { circular: true },
		},
		{
			name: 'events-import-nothing',
			comment: 'the event contract is the bottom layer: it imports nothing of the engine',
			severity: 'error',
			from: { path: '^source/events/' },
			to: { path: '^source/', pathNot: '^source/events/' },
		},
		{
			name: 'not-to-unresolvable',
			severity: 'error',
			from: {},
			to: { couldNotResolve: true },
		},
		{
			name: 'every-folder-has-a-layer',
			comment: 'a new folder of source/ gets its place in LAYERS first',
			severity: 'error',
			from: { path: '^source/', pathNot: folderPattern(LAYERS.flat()) },
			to: {},
		},
		{
			name: 'every-import-has-a-layer',
			comment: 'a new folder of source/ gets its place in LAYERS first',
			severity: 'error',
			from: {},
			to: { path: '^source/', pathNot: folderPattern(LAYERS.flat()) },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
	},
};
