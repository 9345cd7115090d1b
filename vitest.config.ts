import { defineConfig } from 'vitest/config';

/**
 * Tests that run real tools rather than our code alone: an Astro build of a
 * fixture site, bats and shellcheck over the stack scripts, and nginx, nft,
 * ifquery in the Debian 13 chroot (`npm run test:prepare`).
 */
const TOOLS = ['tests/unit/build-fixtures.test.ts', 'tests/stack/real-tools.test.ts', 'tests/stack/shell.test.ts'];

/**
 * Rooms of tests, run in this order by `npm test`:
 * - unit: our logic alone, fast, no build needed;
 * - tools: the same code through real tools (a fixture build, bats, a chroot);
 * - vm: boots the real Debian guest image in Node (needs `npm run images`);
 * - content: every lab and lesson block played in that guest;
 * - e2e: drives Debian's Chromium over the built site (needs `npm run build`).
 */
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['tests/**/*.test.ts'],
					exclude: ['tests/e2e/**', 'tests/vm/**', 'tests/host/**', 'tests/fixtures/**', ...TOOLS, '**/node_modules/**'],
				},
			},
			{
				test: {
					name: 'tools',
					include: TOOLS,
				},
			},
			{
				// The real bundle on a real Debian 13 host (an LXC system container
				// with nested containers, tests/host/banc.ts): root, one host at a time.
				test: {
					name: 'host',
					include: ['tests/host/**/*.test.ts'],
					testTimeout: 1_200_000,
					hookTimeout: 900_000,
					fileParallelism: false,
				},
			},
			{
				test: {
					name: 'vm',
					include: ['tests/vm/**/*.test.ts'],
					exclude: ['tests/vm/content/**', '**/node_modules/**'],
					testTimeout: 120_000,
					hookTimeout: 300_000,
					fileParallelism: false,
				},
			},
			{
				// Plays every lab and every ```sh labo block in the real guest
				// (`npm run test:content`): two shards, one machine each, side
				// by side (v86 keeps one core busy).
				test: {
					name: 'content',
					include: ['tests/vm/content/*.test.ts'],
					testTimeout: 600_000,
					hookTimeout: 300_000,
					maxWorkers: 2,
				},
			},
			{
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 180_000,
					fileParallelism: false,
				},
			},
		],
	},
});
