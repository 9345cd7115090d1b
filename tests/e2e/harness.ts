import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStaticServer, type RunningServer } from '../../scripts/lib/static-server.ts';
import type { ClientLab } from '../../src/labs/client-lab.ts';

/** Debian's Chromium: browsers cannot be downloaded on our machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that keep Chromium from phoning home (it would fail, noisily).
 * Playwright adds `--headless` and a fresh temporary profile itself.
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface SiteSession {
	baseUrl: string;
	browser: Browser;
	server: RunningServer;
	close(): Promise<void>;
}

/** Serves `dist/` on a free loopback port and starts Chromium. */
export async function openSite(root = process.env.SITE_ROOT ?? 'dist'): Promise<SiteSession> {
	const server = await startStaticServer({ root, port: 0 });
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
	return {
		baseUrl: server.url,
		browser,
		server,
		async close() {
			await browser.close();
			await server.close();
		},
	};
}

/** What a page did that a sovereign, clean site must never do. */
export interface PageWatch {
	consoleErrors: string[];
	foreignRequests: string[];
}

/**
 * Records console errors, uncaught exceptions and every request whose
 * origin is not the site's own (fonts, CDNs, analytics…).
 */
export function watchPage(page: Page, baseUrl: string): PageWatch {
	const ownOrigin = new URL(baseUrl).origin;
	const watch: PageWatch = { consoleErrors: [], foreignRequests: [] };
	page.on('console', (message) => {
		if (message.type() === 'error') watch.consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => watch.consoleErrors.push(String(error)));
	page.on('request', (request) => {
		const url = request.url();
		if (url.startsWith('data:') || url.startsWith('blob:')) return;
		if (new URL(url).origin !== ownOrigin) watch.foreignRequests.push(url);
	});
	return watch;
}

/**
 * Waits for what a page still loads after `load`: Starlight imports the
 * search UI (Pagefind's, a separate module) when the browser is idle. A
 * test that cuts the network before that sees the import fail, as would
 * a learner whose link drops in that second (the next visit, served by
 * the service worker, has it).
 */
export async function waitForSearchUi(page: Page): Promise<void> {
	await page.waitForSelector('#starlight__search .pagefind-ui', { state: 'attached', timeout: 30_000 });
}

/** Every page path listed in the built sitemap(s). */
export async function sitemapPaths(baseUrl: string): Promise<string[]> {
	const index = await (await fetch(new URL('sitemap-index.xml', baseUrl))).text();
	const sitemaps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
	const paths: string[] = [];
	for (const sitemap of sitemaps) {
		const xml = await (await fetch(new URL(sitemap, baseUrl))).text();
		paths.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname));
	}
	return paths.sort();
}

export async function newContext(session: SiteSession, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
	return session.browser.newContext({ locale: 'fr-CA', ...options });
}

/** A lab as its page receives it (labs/<id>/lab.json of the built site). */
export async function fetchLab(session: SiteSession, id: string): Promise<ClientLab> {
	const response = await fetch(new URL(`labs/${id}/lab.json`, session.baseUrl));
	if (!response.ok) throw new Error(`labs/${id}/lab.json : HTTP ${response.status}`);
	return (await response.json()) as ClientLab;
}

/** A lab's page in a fresh context, watched from its first request. */
export async function openLabPage(session: SiteSession, id: string): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
	const context = await newContext(session);
	const page = await context.newPage();
	const watch = watchPage(page, session.baseUrl);
	await page.goto(new URL(`labs/${id}/`, session.baseUrl).href);
	return { context, page, watch };
}
