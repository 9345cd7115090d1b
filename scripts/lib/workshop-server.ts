import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import { startStaticServer, type RunningServer } from './static-server.ts';

/** What `/atelier.json` tells the site's workshop page. */
export interface WorkshopInfo {
	/** Addresses learners can type, best first. */
	urls: string[];
	startedAt: string;
}

export interface WorkshopOptions {
	root: string;
	/** @default '0.0.0.0' (every interface, so the room's network reaches it) */
	host?: string;
	/** @default 4321 */
	port?: number;
	/** Addresses to show instead of the machine's own (tests). */
	urls?: string[];
}

export interface RunningWorkshop extends RunningServer {
	info: WorkshopInfo;
}

/** Private ranges first (a room's Wi-Fi), link-local (169.254/16) last. */
function rank(address: string): number {
	if (/^192\.168\./.test(address)) return 0;
	if (/^10\./.test(address)) return 1;
	if (/^172\.(1[6-9]|2\d|3[01])\./.test(address)) return 2;
	if (/^169\.254\./.test(address)) return 9;
	return 5;
}

/** IPv4 addresses of this machine that other machines can reach. */
export function lanAddresses(): string[] {
	const found: string[] = [];
	for (const entries of Object.values(networkInterfaces())) {
		for (const entry of entries ?? []) {
			if (entry.family === 'IPv4' && !entry.internal) found.push(entry.address);
		}
	}
	return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A QR code as SVG, black on white whatever the theme, so every phone reads it. */
export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}

/** A QR code drawn with block characters, for the terminal. */
export function qrTerminal(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}

/**
 * Serves the built site for a workshop: the static server on every
 * interface, plus `/atelier.json` (the addresses) and `/atelier/qr.svg?i=N`
 * (their QR codes), which only exist while the workshop runs. The site's
 * page /mentorat/atelier/ reads them to show the address on screen.
 */
export async function startWorkshop(options: WorkshopOptions): Promise<RunningWorkshop> {
	const { root, host = '0.0.0.0', port = 4321 } = options;
	const info: WorkshopInfo = { urls: [], startedAt: new Date().toISOString() };
	const svgs = new Map<number, Promise<string>>();
	const running = await startStaticServer({
		root,
		host,
		port,
		handle(req, res) {
			const url = new URL(req.url ?? '/', 'http://atelier');
			if (url.pathname === '/atelier.json') {
				res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
				res.end(JSON.stringify(info));
				return true;
			}
			if (url.pathname === '/atelier/qr.svg') {
				const index = Number(url.searchParams.get('i') ?? '0');
				const target = info.urls[index];
				if (!Number.isInteger(index) || !target) return false;
				if (!svgs.has(index)) svgs.set(index, qrSvg(target));
				void svgs.get(index)!.then((svg) => {
					res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' });
					res.end(svg);
				});
				return true;
			}
			return false;
		},
	});
	const { port: actual } = running.server.address() as { port: number };
	const loopbackOnly = host === '127.0.0.1' || host === 'localhost' || host === '::1';
	info.urls = options.urls ?? (loopbackOnly ? [running.url] : lanAddresses().map((a) => `http://${a}:${actual}/`));
	if (info.urls.length === 0) info.urls = [`http://127.0.0.1:${actual}/`];
	return { ...running, info };
}
