/**
 * Build results kept for the machine, outside any one checkout: a second
 * clone (a contributor's fresh copy, CI) reuses a guest image whose inputs
 * have not changed instead of spending minutes rebuilding it. Entries are
 * named by the hash of their inputs, so a stale one is never used.
 * LABO_CACHE_DIR moves it; the default follows the XDG convention.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of the machine cache (`~/.cache/alliance-boreale` by default). */
export function machineCacheDir(env = process.env): string {
	return env.LABO_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'alliance-boreale');
}

/** Folder of one entry: `<cache>/<kind>/<name>/<hash>`. */
export function cacheEntry(kind: string, name: string, hash: string, env = process.env): string {
	return join(machineCacheDir(env), kind, name, hash);
}

/**
 * Keeps a copy of `dir` as the one entry of `kind/name` (older hashes of the
 * same name are removed: one image's worth of disk per name). Written aside
 * then renamed, so a reader never sees half an entry.
 */
export function storeInCache(dir: string, kind: string, name: string, hash: string, env = process.env): void {
	const parent = join(machineCacheDir(env), kind, name);
	mkdirSync(parent, { recursive: true });
	const partial = join(parent, `.${hash}.partiel-${process.pid}`);
	rmSync(partial, { recursive: true, force: true });
	cpSync(dir, partial, { recursive: true });
	for (const old of readdirSync(parent)) if (old !== `.${hash}.partiel-${process.pid}`) rmSync(join(parent, old), { recursive: true, force: true });
	renameSync(partial, join(parent, hash));
}

/** Copies the entry into `dir` (replacing it) when it exists; says whether it did. */
export function restoreFromCache(dir: string, kind: string, name: string, hash: string, env = process.env): boolean {
	const entry = cacheEntry(kind, name, hash, env);
	if (!existsSync(entry)) return false;
	rmSync(dir, { recursive: true, force: true });
	cpSync(entry, dir, { recursive: true });
	return true;
}
