/**
 * « Disponible hors ligne »: stores a path's guest files in the caches the
 * service worker reads (src/offline/caches.ts), so that its labs start with
 * no connection. Pages are already precached by the worker.
 */
import { CACHES, PAGE_STORES_HEADER } from '../site-paths.ts';
import { cacheFor, type OfflineBundle } from './caches.ts';

export interface DownloadState {
	/** Files still to fetch. */
	missing: OfflineBundle['files'];
	/** Bytes already stored in this browser. */
	cachedBytes: number;
	/** Bytes still to fetch. */
	missingBytes: number;
}

/** Which of a bundle's files this browser does not hold yet (one `keys()` per cache, not one lookup per file). */
export async function checkBundle(bundle: OfflineBundle): Promise<DownloadState> {
	const held = new Set<string>();
	for (const name of new Set(bundle.files.map((f) => cacheFor(f.url) ?? CACHES.other))) {
		if (!(await caches.has(name))) continue;
		for (const request of await (await caches.open(name)).keys()) held.add(new URL(request.url).pathname);
	}
	const missing = bundle.files.filter((f) => !held.has(f.url));
	const missingBytes = missing.reduce((sum, f) => sum + f.size, 0);
	return { missing, missingBytes, cachedBytes: bundle.bytes - missingBytes };
}

/**
 * Fetches and stores `files`, six at a time; calls `onProgress` with the
 * bytes done. Stops at the first failure or when `signal` aborts; what was
 * stored stays stored, so a second run resumes.
 */
export async function downloadFiles(
	files: OfflineBundle['files'],
	onProgress: (bytes: number, count: number) => void,
	signal?: AbortSignal,
): Promise<void> {
	const open = new Map<string, Promise<Cache>>();
	const cacheOf = (url: string) => {
		const name = cacheFor(url) ?? CACHES.other;
		if (!open.has(name)) open.set(name, caches.open(name));
		return open.get(name)!;
	};
	let next = 0;
	let bytes = 0;
	let count = 0;
	await Promise.all(
		Array.from({ length: 6 }, async () => {
			while (next < files.length) {
				signal?.throwIfAborted();
				const file = files[next++];
				// Stored once: not in the HTTP cache (`no-store`), not by the service worker as well (header).
				const response = await fetch(file.url, { signal, cache: 'no-store', headers: { [PAGE_STORES_HEADER]: 'page' } });
				if (!response.ok) throw new Error(`${file.url} : HTTP ${response.status}`);
				await (await cacheOf(file.url)).put(file.url, response);
				bytes += file.size;
				count += 1;
				onProgress(bytes, count);
			}
		}),
	);
}
