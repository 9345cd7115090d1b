/**
 * The service worker's plugins (src/offline/sw-plugins.ts) keep one copy of
 * each file: run here with Node's Request/Response and a Cache Storage
 * stand-in holding one entry.
 */
import type { WorkboxPlugin } from 'workbox-core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PAGE_STORES_HEADER } from '../../src/site-paths.ts';
import { stringifyWithoutComments } from 'workbox-build/build/lib/stringify-without-comments.js';
import * as plugins from '../../src/offline/sw-plugins.ts';

/**
 * The plugins as sw.js holds them, rebuilt the way workbox-build writes them:
 * each object's source, comments stripped, on one line (common-tags'
 * `oneLine`), through a lodash template, out of their module's scope. A
 * reference to an import, a comment the stripper misses or a template
 * literal fails here as it would in the built worker.
 */
function asCopied(plugin: WorkboxPlugin): WorkboxPlugin {
	const source = stringifyWithoutComments(plugin).replace(/\s*\n\s*/g, ' ');
	if (source.includes('${')) throw new Error('littéral de gabarit dans une extension du service worker : le gabarit de workbox-build le lirait');
	return new Function(`return (${source})`)();
}
const pageStores = asCopied(plugins.pageStores);
const revalidate = asCopied(plugins.revalidate);
const unquotedKey = asCopied(plugins.unquotedKey);
const absentWhenOffline = asCopied(plugins.absentWhenOffline);
const byteRanges = asCopied(plugins.byteRanges);

const STATE = 'http://127.0.0.1:4321/vm/debian/state.bin.zst';
const ETAG = 'W/"20947385-1795439705000"';
/** Arguments Workbox passes that the plugins do not read. */
const event = {} as ExtendableEvent;
const state = {};

let held: Map<string, Response>;
beforeEach(() => {
	held = new Map([[STATE, new Response('machine', { headers: { ETag: ETAG, 'Content-Type': 'application/zstd' } })]]);
	vi.stubGlobal('caches', { match: async (request: Request) => held.get(request.url)?.clone() });
});
afterEach(() => vi.unstubAllGlobals());

type Callback<K extends keyof WorkboxPlugin> = NonNullable<WorkboxPlugin[K]>;
const willUpdate = (plugin: WorkboxPlugin, request: Request, response: Response) =>
	(plugin.cacheWillUpdate as Callback<'cacheWillUpdate'>)({ request, response, event, state });
const willFetch = (request: Request) => (revalidate.requestWillFetch as Callback<'requestWillFetch'>)({ request, event, state });
const didSucceed = (request: Request, response: Response) =>
	(revalidate.fetchDidSucceed as Callback<'fetchDidSucceed'>)({ request, response, event, state });

describe('« Disponible hors ligne » stores its files itself', () => {
	test('the worker does not store a response the page asked for with the header', async () => {
		const request = new Request(STATE, { headers: { [PAGE_STORES_HEADER]: 'page' } });
		expect(await willUpdate(pageStores, request, new Response('x'))).toBeNull();
	});

	test('it stores what a lab asks for', async () => {
		const response = new Response('x');
		expect(await willUpdate(pageStores, new Request(STATE), response)).toBe(response);
	});
});

describe('network first, revalidated against our own copy', () => {
	test('the request skips the HTTP cache and carries the ETag of the copy held', async () => {
		const sent = await willFetch(new Request(STATE));
		expect(sent.cache).toBe('no-store');
		expect(sent.headers.get('If-None-Match')).toBe(ETAG);
	});

	test('with no copy held, the request is unconditional', async () => {
		const sent = await willFetch(new Request('http://127.0.0.1:4321/vm/debian/manifest.json'));
		expect(sent.cache).toBe('no-store');
		expect(sent.headers.has('If-None-Match')).toBe(false);
	});

	test('a 304 is answered with the copy held, which is not written again', async () => {
		const request = await willFetch(new Request(STATE));
		const answer = await didSucceed(request, new Response(null, { status: 304 }));
		expect(answer.status).toBe(200);
		expect(await answer.clone().text()).toBe('machine');
		expect(answer.headers.get('Content-Type')).toBe('application/zstd');
		expect(await willUpdate(revalidate, request, answer)).toBeNull();
	});

	test('a new version (200) is passed on and stored', async () => {
		const response = new Response('nouvelle machine', { headers: { ETag: 'W/"autre"' } });
		const request = await willFetch(new Request(STATE));
		expect(await didSucceed(request, response)).toBe(response);
		expect(await willUpdate(revalidate, request, response)).toBe(response);
	});

	test('a copy evicted meanwhile is fetched again in full', async () => {
		const request = await willFetch(new Request(STATE));
		held.clear();
		const fetched: Request[] = [];
		vi.stubGlobal('fetch', async (input: Request) => {
			fetched.push(input);
			return new Response('machine du serveur');
		});
		const answer = await didSucceed(request, new Response(null, { status: 304 }));
		expect(await answer.text()).toBe('machine du serveur');
		expect(fetched).toHaveLength(1);
		expect(fetched[0].headers.has('If-None-Match')).toBe(false);
		expect(fetched[0].cache).toBe('no-store');
	});
});

describe('the guests\' apt repository', () => {
	const key = (url: string) => (unquotedKey.cacheKeyWillBeUsed as Callback<'cacheKeyWillBeUsed'>)({ request: new Request(url), mode: 'read', event, state });
	const deb = 'http://127.0.0.1:4321/apt/pool/main/nginx_1.22.1-9+deb12u9_i386.deb';

	test('a file name apt quotes (+ as %2b) and the one the offline list holds are one key', async () => {
		expect(String(await key('http://127.0.0.1:4321/apt/pool/main/nginx_1.22.1-9%2bdeb12u9_i386.deb'))).toBe(deb);
		expect(String(await key('http://127.0.0.1:4321/apt/pool/main/nginx_1.22.1-9%2Bdeb12u9_i386.deb'))).toBe(deb);
		expect(((await key(deb)) as Request).url).toBe(deb);
	});

	test('a quoted %, ? or # stays quoted: it is part of the name', async () => {
		const odd = 'http://127.0.0.1:4321/apt/pool/main/a%3Fb%25c.deb';
		expect(((await key(odd)) as Request).url).toBe(odd);
	});

	test('offline, a file never stored is absent (404), not a network failure', async () => {
		const answer = await (absentWhenOffline.handlerDidError as Callback<'handlerDidError'>)({
			request: new Request('http://127.0.0.1:4321/apt/dists/bookworm/InRelease'),
			error: new TypeError('Failed to fetch'),
			event,
			state,
		});
		expect(answer?.status).toBe(404);
	});
});

describe('byte ranges from the cache, as apt resumes files', () => {
	const release = 'Origin: Alliance Boreale\n'.padEnd(605, '#');
	const LAST_MODIFIED = 'Mon, 23 Nov 2026 13:15:05 GMT';
	const answer = (range: string, more: Record<string, string> = {}) =>
		(byteRanges.cachedResponseWillBeUsed as Callback<'cachedResponseWillBeUsed'>)({
			request: new Request('http://127.0.0.1:4321/apt/dists/bookworm/Release', { headers: { Range: range, ...more } }),
			cachedResponse: new Response(release, { headers: { 'Last-Modified': LAST_MODIFIED, 'Content-Length': '605' } }),
			cacheName: 'boreale-apt',
			event,
			state,
		}) as Promise<Response>;

	test('a file already held whole (bytes=605- of 605) is 416, not an empty 206', async () => {
		const res = await answer('bytes=605-', { 'If-Range': LAST_MODIFIED });
		expect(res.status).toBe(416);
		expect(res.headers.get('Content-Range')).toBe('bytes */605');
	});

	test.each([
		['bytes=600-', 600, 604],
		['bytes=0-9', 0, 9],
		['bytes=-5', 600, 604],
		['bytes=600-9999', 600, 604],
	])('%s is the 206 of bytes %i to %i', async (range, start, end) => {
		const res = await answer(range);
		expect(res.status).toBe(206);
		expect(res.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/605`);
		expect(res.headers.get('Content-Length')).toBe(String(end - start + 1));
		expect(await res.text()).toBe(release.slice(start, end + 1));
	});

	test('a file changed since the part apt holds (If-Range) comes whole', async () => {
		const res = await answer('bytes=300-', { 'If-Range': 'Sun, 01 Nov 2026 00:00:00 GMT' });
		expect(res.status).toBe(200);
		expect(await res.text()).toBe(release);
	});
});
