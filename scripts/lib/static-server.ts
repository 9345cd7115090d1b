import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { GUEST_CONTENT } from '../../src/offline/caches.ts';
import { pathWithBase } from '../../src/site-paths.ts';

export interface StaticServerOptions {
	/** Folder to serve, usually `dist/`. */
	root: string;
	/** Interface to listen on. @default '127.0.0.1' */
	host?: string;
	/** Port; 0 picks a free one. @default 4321 */
	port?: number;
	/**
	 * Answers a request before the files do (e.g. the workshop's `/atelier.json`);
	 * returns `true` when it handled it.
	 */
	handle?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface RunningServer {
	server: Server;
	/** Base URL with a trailing slash, e.g. `http://127.0.0.1:4321/`. */
	url: string;
	close(): Promise<void>;
}

/**
 * MIME types sirv's table (mrmime) lacks or that must be exact: zstd guest
 * files, Pagefind's index, and content-addressed guest files (no extension).
 */
const EXTRA_TYPES: Record<string, string> = {
	zst: 'application/zstd',
	pf_meta: 'application/octet-stream',
	pf_index: 'application/octet-stream',
	pf_fragment: 'application/octet-stream',
	pagefind: 'application/octet-stream',
	webmanifest: 'application/manifest+json',
	gz: 'application/gzip',
	wasm: 'application/wasm',
	json: 'application/json; charset=utf-8',
};

/** Files whose name never changes for other content: hashed bundles, content-addressed guest files and states. */
const immutable = (pathname: string) => pathname.startsWith(pathWithBase('_astro/')) || GUEST_CONTENT.test(pathname);

function setHeaders(res: ServerResponse, pathname: string): void {
	const last = pathname.slice(pathname.lastIndexOf('/') + 1);
	const dot = last.lastIndexOf('.');
	const ext = dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
	if (EXTRA_TYPES[ext]) res.setHeader('Content-Type', EXTRA_TYPES[ext]);
	else if (!ext && !pathname.endsWith('/') && immutable(pathname)) res.setHeader('Content-Type', 'application/octet-stream');
	res.setHeader('Cache-Control', immutable(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Accept-Ranges', 'bytes');
}

/**
 * Serves a built site the way a plain static host would: correct MIME types
 * (`.wasm`, `.zst`, `.webmanifest` included), ETags, byte ranges for guest
 * files, precompressed `.br`/`.gz` twins (written by the offline integration
 * at build time) for text, and Starlight's 404 page.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<RunningServer> {
	const { root, host = '127.0.0.1', port = 4321, handle } = options;
	if (!existsSync(`${root}/index.html`)) {
		throw new Error(`Aucun site construit dans « ${root} » : lance d’abord « npm run build ».`);
	}
	const assets = sirv(root, { dev: false, etag: true, brotli: true, gzip: true, extensions: ['html'], setHeaders });
	const notFoundPage = join(root, '404.html');
	const server = createServer((req, res) => {
		if (handle?.(req, res)) return;
		// A byte range applies to the file itself: sirv would cut it from a
		// compressed twin instead, so ranges always get the identity encoding.
		if (req.headers.range) delete req.headers['accept-encoding'];
		// sirv labels every *.gz/*.br file as an encoding, even asked for by its
		// own name (apt's Packages.gz): the browser would hand it unpacked.
		if (/\.(?:gz|br)(?:\?|$)/.test(req.url ?? '')) {
			const writeHead = res.writeHead.bind(res) as (code: number, headers?: OutgoingHttpHeaders) => ServerResponse;
			res.writeHead = ((code: number, headers?: OutgoingHttpHeaders) => {
				if (headers) delete headers['Content-Encoding'];
				return writeHead(code, headers);
			}) as typeof res.writeHead;
		}
		assets(req, res, () => {
			res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(existsSync(notFoundPage) ? readFileSync(notFoundPage) : 'Page introuvable');
		});
	});
	// Twenty learners on one laptop: keep their connections open between requests.
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const address = server.address() as AddressInfo;
	const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		server,
		url: `http://${shownHost}:${address.port}/`,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
