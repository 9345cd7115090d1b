/**
 * Workbox plugins of the service worker (src/integrations/offline.ts).
 *
 * Each file the worker keeps must exist once on the learner's disk: in our
 * Cache Storage, not also in the browser's HTTP cache, and written once, not
 * by the worker and again by the page that downloads a path. Offline, apt in
 * a lab's guest must find there what it finds on the server.
 *
 * workbox-build copies these functions' source into sw.js: they may use
 * nothing from this module's scope, hence the literal header names
 * (tests/unit/offline-sw-plugins.test.ts checks them against caches.ts),
 * and neither comments inside them (workbox-build puts each plugin on one
 * line, and its comment stripper misses some) nor template literals (its
 * lodash template would read their placeholders).
 */
import type { WorkboxPlugin } from 'workbox-core';

/**
 * « Disponible hors ligne » stores what it fetches itself (src/offline/download.ts)
 * and marks its requests with `PAGE_STORES_HEADER`: the worker then only
 * passes the response on.
 */
export const pageStores: WorkboxPlugin = {
	cacheWillUpdate: async ({ request, response }) => (request.headers.has('X-Boreale-Stockage') ? null : response),
};

/**
 * Network first, revalidated against our own copy instead of the browser's
 * HTTP cache: the request skips that cache (`no-store`, which would otherwise
 * keep a second copy of the 20 MB machine state) and carries the ETag of the
 * copy the worker holds; a 304 is answered with that copy, marked so that it
 * is not written again (or, evicted meanwhile, with the whole file asked again).
 */
export const revalidate: WorkboxPlugin = {
	requestWillFetch: async ({ request }) => {
		if (request.mode === 'navigate') return request;
		const etag = (await caches.match(request))?.headers.get('ETag');
		const headers = new Headers(request.headers);
		if (etag) headers.set('If-None-Match', etag);
		return new Request(request, { headers, cache: 'no-store' });
	},
	fetchDidSucceed: async ({ request, response }) => {
		if (response.status !== 304) return response;
		const cached = await caches.match(request);
		if (!cached) {
			const headers = new Headers(request.headers);
			headers.delete('If-None-Match');
			return fetch(new Request(request, { headers, cache: 'no-store' }));
		}
		const headers = new Headers(cached.headers);
		headers.set('X-Boreale-Copie', 'inchangee');
		return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
	},
	cacheWillUpdate: async ({ response }) => (response.headers.has('X-Boreale-Copie') ? null : response),
};

/**
 * apt quotes some characters of the file names it asks for (`+` as `%2b` in
 * `nginx_1.22.1-9+deb12u9_i386.deb`), the offline list does not: both
 * spellings of a name must be one cache key, or the file is stored twice and
 * the stored one is not found offline. A quoted `%`, `?` or `#` is part of
 * the name: such a key stays as asked.
 */
export const unquotedKey: WorkboxPlugin = {
	cacheKeyWillBeUsed: async ({ request }) => {
		const url = new URL(request.url);
		let path: string;
		try {
			path = decodeURIComponent(url.pathname);
		} catch {
			return request;
		}
		if (/[%?#]/.test(path)) return request;
		url.pathname = path;
		return url.href === request.url ? request : url.href;
	},
};

/**
 * Offline, a file of the guests' repository that was never stored answers
 * 404, as the server does for `InRelease`: apt then goes on with `Release`
 * and the lists it has; a network failure would stop `apt update`.
 */
export const absentWhenOffline: WorkboxPlugin = {
	handlerDidError: async () => new Response('', { status: 404, statusText: 'Not Found' }),
};

/**
 * Byte ranges answered from the cache as a server answers them (RFC 9110,
 * §14): apt resumes a file it holds in part, and asks `bytes=605-` of a
 * 605-byte Release it already holds whole, expecting 416. Workbox's
 * RangeRequestsPlugin answers that with an empty 206 instead, and apt then
 * loops on `Ign`. A file changed since the part was fetched (`If-Range`
 * differs) comes whole.
 */
export const byteRanges: WorkboxPlugin = {
	cachedResponseWillBeUsed: async ({ request, cachedResponse }) => {
		const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('Range')?.trim() ?? '');
		if (!cachedResponse || cachedResponse.status !== 200 || !range || (range[1] === '' && range[2] === '')) return cachedResponse;
		const ifRange = request.headers.get('If-Range');
		if (ifRange && ifRange !== cachedResponse.headers.get('Last-Modified') && ifRange !== cachedResponse.headers.get('ETag')) return cachedResponse;
		const body = await cachedResponse.blob();
		const size = body.size;
		const start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
		const end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
		const headers = new Headers(cachedResponse.headers);
		if (start >= size || start > end) {
			headers.set('Content-Range', 'bytes */' + size);
			headers.delete('Content-Length');
			return new Response(null, { status: 416, statusText: 'Range Not Satisfiable', headers });
		}
		headers.set('Content-Range', 'bytes ' + start + '-' + end + '/' + size);
		headers.set('Content-Length', String(end - start + 1));
		return new Response(body.slice(start, end + 1), { status: 206, statusText: 'Partial Content', headers });
	},
};
