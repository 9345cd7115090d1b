import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';

export interface StaticServerOptions {
	/** Folder to serve, usually `dist/`. */
	root: string;
	/** Interface to listen on. @default '127.0.0.1' */
	host?: string;
	/** Port; 0 picks a free one. @default 4321 */
	port?: number;
}

export interface RunningServer {
	server: Server;
	/** Base URL with a trailing slash, e.g. `http://127.0.0.1:4321/`. */
	url: string;
	close(): Promise<void>;
}

/**
 * Serves a built site the way a plain static host would: correct MIME types
 * (`.wasm` included), ETags, byte ranges for guest files, precompressed
 * `.br`/`.gz` twins when present, and Starlight's 404 page.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<RunningServer> {
	const { root, host = '127.0.0.1', port = 4321 } = options;
	if (!existsSync(`${root}/index.html`)) {
		throw new Error(`Aucun site construit dans « ${root} » : lance d’abord « npm run build ».`);
	}
	const assets = sirv(root, { dev: false, etag: true, brotli: true, gzip: true, extensions: ['html'] });
	const notFoundPage = join(root, '404.html');
	const server = createServer((req, res) => {
		assets(req, res, () => {
			res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(existsSync(notFoundPage) ? readFileSync(notFoundPage) : 'Page introuvable');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const address = server.address() as AddressInfo;
	const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		server,
		url: `http://${shownHost}:${address.port}/`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
