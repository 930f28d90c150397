/**
 * What may load ssh2, node-forge or node:fs, followed through value imports only (tsc drops
 * `import type`, and so does this cruise): the views and the pure state never do, and the
 * planner and renderers never load ssh2.
 */
const IO = '^(fs|fs/promises|node:fs|node:fs/promises)$|node_modules/(ssh2|node-forge)/';
module.exports = {
	forbidden: [
		{
			name: 'views-and-state-reach-no-io',
			comment: 'the UI and the pure state dispatch and render: no ssh2, node-forge or fs, however deep',
			severity: 'error',
			from: { path: '^source/(ui|state)/' },
			to: { path: IO, reachable: true },
		},
		{
			name: 'plan-render-reach-no-ssh',
			comment: 'the planner and the renderers are pure over facts: they never load ssh2',
			severity: 'error',
			from: { path: '^source/(plan|render|shell|events)/' },
			to: { path: 'node_modules/ssh2/', reachable: true },
		},
		{
			name: 'pure-core-reaches-no-io',
			comment: 'plan/, shell/ and events/ reach no I/O at all',
			severity: 'error',
			from: { path: '^source/(plan|shell|events)/' },
			to: { path: IO, reachable: true },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: false,
		tsConfig: { fileName: 'tsconfig.json' },
		enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
	},
};
