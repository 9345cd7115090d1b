/**
 * Offline use in Chromium: a learner opens the site once, then loses the
 * network (Playwright's offline mode and the server actually stopped): pages
 * and a lab page reload from the service worker and the terminal answers.
 * « Disponible hors ligne » stores a whole path so that a lab never opened
 * online starts with no connection.
 *
 * The lab tests need the guest image in dist/vm/debian/: without it they
 * fail and say so, they are not skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type RunningServer } from '../../scripts/lib/static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, watchPage } from './harness.ts';
import { screen, typeCommand, waitForScreen, waitReady } from './lab-helpers.ts';

const ROOT = process.env.SITE_ROOT ?? 'dist';
let browser: Browser;
beforeAll(async () => {
	browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

/** A server of our own per test: stopping it is the real « no network ». */
async function session(): Promise<{ server: RunningServer; context: BrowserContext; url: (path: string) => string }> {
	const server = await startStaticServer({ root: ROOT, port: 0 });
	const context = await browser.newContext({ locale: 'fr-CA' });
	return { server, context, url: (path) => new URL(path, server.url).href };
}

async function goOffline(context: BrowserContext, server: RunningServer): Promise<void> {
	await context.setOffline(true);
	await server.close();
}

/** Waits until the service worker is installed (precache done) and controls the page. */
async function waitForWorker(page: Page): Promise<void> {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
}

function requireImage(): void {
	const manifest = `${ROOT}/vm/debian/manifest.json`;
	if (!existsSync(manifest)) throw new Error(`Image invitée absente (${manifest}) : construis-la (public/vm/debian/) puis « npm run build » avant ce test.`);
	const state = JSON.parse(readFileSync(manifest, 'utf8')).v86.initial_state.url;
	if (!existsSync(`${ROOT}/vm/debian/${state}`)) throw new Error(`Image invitée incomplète : ${ROOT}/vm/debian/${state} manque. Reconstruis l’image puis le site.`);
}

describe('offline', () => {
	test('the site is installable and its pages open with no network after one visit', async () => {
		const { server, context, url } = await session();
		const page = await context.newPage();
		const watch = watchPage(page, server.url);
		await page.goto(url('/'));
		await waitForWorker(page);
		const manifest = await (await fetch(url('/manifest.webmanifest'))).json();
		expect(manifest).toMatchObject({ lang: 'fr', start_url: '/', display: 'standalone' });
		expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['any', '192x192', '512x512']));
		expect(watch.consoleErrors).toEqual([]);
		await goOffline(context, server);
		for (const path of ['/parcours/premiers-pas/', '/parcours/premiers-pas/fichiers/', '/mentorat/suivi/', '/labs/terminal/']) {
			const response = await page.goto(url(path));
			expect(response?.status(), path).toBe(200);
			expect(await page.locator('h1').first().innerText(), path).not.toBe('');
		}
		// A page that does not exist gets the site's own 404 page, not the browser's error.
		await page.goto(url('/nulle-part/'));
		expect(await page.locator('h1').first().innerText()).toMatch(/404|introuvable/i);
		await context.close();
	});

	test('a new version waits for the learner, then takes over after one click', async () => {
		// The same site, except that sw.js changes once `updated` is set: what a new deployment looks like.
		let updated = false;
		const server = await startStaticServer({
			root: ROOT,
			port: 0,
			handle(req, res) {
				if (!updated || req.url !== '/sw.js') return false;
				res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-cache' });
				res.end(`${readFileSync(`${ROOT}/sw.js`, 'utf8')}\n// nouvelle version\n`);
				return true;
			},
		});
		const context = await browser.newContext({ locale: 'fr-CA' });
		const page = await context.newPage();
		const watch = watchPage(page, server.url);
		await page.goto(new URL('/parcours/premiers-pas/', server.url).href);
		await waitForWorker(page);
		const first = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
		updated = true;
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
		const banner = page.getByRole('region', { name: 'Mise à jour du site' });
		await banner.waitFor({ timeout: 60_000 });
		// Nothing happens by itself: the page keeps its worker until the learner says so.
		await page.waitForTimeout(1000);
		expect(await page.evaluate(() => navigator.serviceWorker.controller!.state)).toBe('activated');
		await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), banner.getByRole('button', { name: 'Mettre à jour' }).click()]);
		await waitForWorker(page);
		expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(first);
		expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
		await server.close();
	});

	test('a lab page reloads offline and its terminal answers', { timeout: 300_000 }, async () => {
		requireImage();
		const { server, context, url } = await session();
		const page = await context.newPage();
		await page.goto(url('/'));
		await waitForWorker(page);
		await page.goto(url('/labs/terminal/'));
		await waitReady(page);
		await typeCommand(page, 'ls /etc | wc -l && echo "en-ligne-$((40+2))"');
		await waitForScreen(page, /en-ligne-42/);

		await goOffline(context, server);
		await page.reload();
		await waitReady(page);
		await typeCommand(page, 'ls /etc | wc -l && echo "hors-ligne-$((40+2))"');
		await waitForScreen(page, /hors-ligne-42/);
		await context.close();
	});

	test('« Disponible hors ligne » stores a path: a lab never opened starts offline', { timeout: 600_000 }, async () => {
		const { server, context, url } = await session();
		const page = await context.newPage();
		const watch = watchPage(page, server.url);
		await page.goto(url('/parcours/premiers-pas/'));
		await waitForWorker(page);
		const box = page.locator('boreale-path-offline');
		await expect.poll(() => box.locator('[data-size]').innerText(), { timeout: 30_000 }).toMatch(/^Taille à télécharger : [\d ,]+ (Mo|Go) \(\d+ fichiers\)/);
		console.log(`hors ligne premiers-pas : ${await box.locator('[data-size]').innerText()}`);
		const started = Date.now();
		await box.getByRole('button', { name: 'Rendre ce parcours disponible hors ligne' }).click();
		await expect.poll(() => box.getByRole('status').innerText(), { timeout: 540_000, interval: 1000 }).toMatch(/est disponible hors ligne/);
		console.log(`téléchargement : ${((Date.now() - started) / 1000).toFixed(1)} s`);
		await expect.poll(() => box.locator('[data-size]').innerText(), { timeout: 60_000 }).toMatch(/déjà disponible hors ligne/);
		expect(watch.consoleErrors).toEqual([]);

		// Every listed file is now in the caches the service worker reads.
		const listed = await page.evaluate(async () => (await (await fetch('/parcours/premiers-pas/hors-ligne.json')).json()).files.length);
		const stored = await page.evaluate(async () => {
			let n = 0;
			for (const name of await caches.keys()) if (!name.startsWith('workbox-precache')) n += (await (await caches.open(name)).keys()).length;
			return n;
		});
		expect(stored).toBeGreaterThanOrEqual(listed);

		requireImage();
		await goOffline(context, server);
		const lab = await context.newPage();
		await lab.goto(url('/labs/fichiers/'));
		await waitReady(lab);
		await typeCommand(lab, 'echo "sans-reseau-$((6*7))"');
		await waitForScreen(lab, /sans-reseau-42/);
		await context.close();
	});
});
