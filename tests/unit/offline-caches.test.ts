import { describe, expect, test } from 'vitest';
import { cacheFor } from '../../src/offline/caches.ts';
import { CACHES } from '../../src/site-paths.ts';
import { formatBytes } from '../../src/text/format-bytes.ts';

describe('which cache holds what', () => {
	test.each([
		[`/vm/debian/files/${'c'.repeat(64)}.zst`, CACHES.guestFiles],
		['/vm/debian/manifest.json', CACHES.guestIndex],
		[`/vm/debian/state-${'d'.repeat(64)}.bin.zst`, CACHES.guestFiles],
		// A name without its hash may change content: revalidated like the manifest.
		['/vm/debian/state.bin.zst', CACHES.guestIndex],
		['/apt/dists/bookworm/Release', CACHES.apt],
		['/_astro/v86.abc.wasm', CACHES.assets],
		['/pagefind/pagefind.js', CACHES.search],
		['/parcours/premiers-pas/', undefined],
	])('%s → %s', (path, cache) => {
		expect(cacheFor(path)).toBe(cache);
	});
});

test('sizes read the French way', () => {
	expect(formatBytes(67_312_000)).toMatch(/^67,3\s?Mo$/);
	expect(formatBytes(820_000)).toBe('820 ko');
	expect(formatBytes(1_500_000_000)).toMatch(/^1,5\s?Go$/);
});
