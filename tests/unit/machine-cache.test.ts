import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cacheEntry, machineCacheDir, restoreFromCache, storeInCache } from '../../scripts/lib/machine-cache.ts';

describe('machine cache: an image built in one checkout serves the others', () => {
	const env = { LABO_CACHE_DIR: mkdtempSync(join(tmpdir(), 'cache-')) };

	test('default place follows XDG, LABO_CACHE_DIR moves it', () => {
		expect(machineCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/alliance-boreale');
		expect(machineCacheDir(env)).toBe(env.LABO_CACHE_DIR);
	});

	test('stored under its hash, restored into a fresh checkout, older hashes removed', () => {
		const built = mkdtempSync(join(tmpdir(), 'built-'));
		mkdirSync(join(built, 'files'));
		writeFileSync(join(built, 'manifest.json'), '{"v":1}');
		writeFileSync(join(built, 'files', 'a'), 'A');
		storeInCache(built, 'vm', 'debian', 'h1', env);
		writeFileSync(join(built, 'manifest.json'), '{"v":2}');
		storeInCache(built, 'vm', 'debian', 'h2', env);
		expect(readdirSync(join(env.LABO_CACHE_DIR, 'vm', 'debian'))).toEqual(['h2']);

		const fresh = join(mkdtempSync(join(tmpdir(), 'clone-')), 'public', 'vm', 'debian');
		expect(restoreFromCache(fresh, 'vm', 'debian', 'h1', env)).toBe(false);
		expect(restoreFromCache(fresh, 'vm', 'debian', 'h2', env)).toBe(true);
		expect(readFileSync(join(fresh, 'manifest.json'), 'utf8')).toBe('{"v":2}');
		expect(readFileSync(join(fresh, 'files', 'a'), 'utf8')).toBe('A');
		expect(cacheEntry('vm', 'debian', 'h2', env)).toBe(join(env.LABO_CACHE_DIR, 'vm', 'debian', 'h2'));
	});
});
