import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/unit/**/*.test.{ts,tsx}'],
				},
			},
			{
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.ts'],
					// Each e2e file owns one lab; files run one at a time so labs never overlap.
					fileParallelism: false,
					testTimeout: 300_000,
					hookTimeout: 900_000,
				},
			},
		],
	},
});
