/**
 * Offline use in Chromium: a learner opens the site once, then loses the
 * network (Playwright's offline mode and the server actually stopped): pages
 * and a lab page reload from the service worker and the terminal answers.
 * « Disponible hors ligne » stores a whole path so that a lab never opened
 * online starts with no connection, each file once. A new version of the
 * site, deployed while a lab runs, waits for the learner.
 *
 * The lab tests need their guest image in dist/vm/<image>/: without it
 * they fail and say so, they are not skipped.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type RunningServer } from '../../scripts/lib/static-server.ts';
import type { OfflineBundle } from '../../src/offline/caches.ts';
import { CACHES } from '../../src/site-paths.ts';
import { formatBytes } from '../../src/text/format-bytes.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, watchPage } from './harness.ts';
import { screen, typeCommand, waitForScreen, waitReady } from './lab-helpers.ts';

const ROOT = process.env.SITE_ROOT ?? 'dist';
let browser: Browser;
const versions: string[] = [];
beforeAll(async () => {
	browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => {
	await browser?.close();
	for (const dir of versions) rmSync(dir, { recursive: true, force: true });
});

/** A server of our own per test: stopping it is the real « no network ». `onRequest` sees every path asked. */
async function session(onRequest?: (path: string) => void): Promise<{ server: RunningServer; context: BrowserContext; url: (path: string) => string }> {
	const server = await startStaticServer({
		root: ROOT,
		port: 0,
		handle(req) {
			onRequest?.(new URL(req.url!, 'http://x').pathname);
			return false;
		},
	});
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

/** What the new version changes in the lab page's title, and so in what the worker serves. */
const NEW_TITLE = 'Version de test';

/**
 * A new version of the built site, as a deployment brings: a copy of `ROOT`
 * (hard links, so 100 MB cost nothing) whose lab page /labs/terminal/
 * changed, with the new revision of that page in sw.js.
 */
function newVersion(): string {
	const dir = mkdtempSync(join(tmpdir(), 'boreale-version-'));
	versions.push(dir);
	const site = join(dir, 'site');
	try {
		execFileSync('cp', ['-al', ROOT, site]);
	} catch {
		// Another file system: a real copy.
		rmSync(site, { recursive: true, force: true });
		cpSync(ROOT, site, { recursive: true });
	}
	// Hard links share their content with ROOT: unlink before writing; the twins would serve the old text.
	const replace = (name: string, edit: (text: string) => string) => {
		const file = join(site, name);
		const text = readFileSync(file, 'utf8');
		const changed = edit(text);
		if (changed === text) throw new Error(`${name} : rien à changer, le format a changé ?`);
		for (const twin of [`${file}.br`, `${file}.gz`]) if (existsSync(twin)) unlinkSync(twin);
		unlinkSync(file);
		writeFileSync(file, changed);
	};
	replace('labs/terminal/index.html', (html) => html.replace(/<title>([^<]*)<\/title>/, `<title>$1 · ${NEW_TITLE}</title>`));
	replace('sw.js', (sw) => sw.replace(/(url:"labs\/terminal\/index\.html",revision:")[0-9a-f]+"/, '$1nouvelle"'));
	return site;
}

/**
 * The site at one address, whose files a deployment replaces while pages
 * are open: `ROOT` is served until `deploy(dir)`, then `dir`, through a
 * second server of the same kind.
 */
async function deployableSite(): Promise<{ server: RunningServer; url: (path: string) => string; deploy(dir: string): Promise<void>; close(): Promise<void> }> {
	let current: RunningServer | undefined;
	const server = await startStaticServer({
		root: ROOT,
		port: 0,
		handle(req, res) {
			if (!current) return false;
			const upstream = request(new URL(req.url!, current.url), { method: req.method, headers: req.headers }, (answer) => {
				res.writeHead(answer.statusCode!, answer.headers);
				answer.pipe(res);
			});
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
			return true;
		},
	});
	return {
		server,
		url: (path) => new URL(path, server.url).href,
		async deploy(dir) {
			const previous = current;
			current = await startStaticServer({ root: dir, port: 0 });
			await previous?.close();
		},
		async close() {
			await current?.close();
			await server.close();
		},
	};
}

/** Whether the worker controlling `page` serves the new version's lab page. */
function servesNewVersion(page: Page): Promise<boolean> {
	return page.evaluate(async (title) => (await (await fetch('/labs/terminal/')).text()).includes(title), NEW_TITLE);
}

/** The guest image of the labs these tests open (`terminal`, `fichiers`: both of « Premiers pas »). */
function labImage(): string {
	return (JSON.parse(readFileSync(`${ROOT}/labs/terminal/lab.json`, 'utf8')) as { image: string }).image;
}

function requireImage(): void {
	const image = labImage();
	const manifest = `${ROOT}/vm/${image}/manifest.json`;
	if (!existsSync(manifest)) throw new Error(`Image invitée absente (${manifest}) : construis-la (public/vm/${image}/) puis « npm run build » avant ce test.`);
	const state = JSON.parse(readFileSync(manifest, 'utf8')).v86.initial_state.url;
	if (!existsSync(`${ROOT}/vm/${image}/${state}`)) throw new Error(`Image invitée incomplète : ${ROOT}/vm/${image}/${state} manque. Reconstruis l’image puis le site.`);
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

	test('with no lab running, a new version takes over at once, under the open page', async () => {
		const site = await deployableSite();
		const context = await browser.newContext({ locale: 'fr-CA' });
		const page = await context.newPage();
		const watch = watchPage(page, site.server.url);
		await page.goto(site.url('/parcours/premiers-pas/'));
		await waitForWorker(page);
		await page.evaluate(() => Object.assign(window, { pasRechargee: true }));
		expect(await servesNewVersion(page)).toBe(false);

		await site.deploy(newVersion());
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
		await expect.poll(() => servesNewVersion(page), { timeout: 60_000, interval: 500 }).toBe(true);
		expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
		// Nothing asked, nothing reloaded.
		expect(await page.getByRole('region', { name: 'Mise à jour du site' }).count()).toBe(0);
		expect(await page.evaluate(() => 'pasRechargee' in window)).toBe(true);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
		await site.close();
	});

	test('a new version deployed during a lab waits: the lab goes on, then resumes on the new version', { timeout: 420_000 }, async () => {
		requireImage();
		const site = await deployableSite();
		const context = await browser.newContext({ locale: 'fr-CA' });
		const guestRequests: string[] = [];
		const guestFilesPath = `/vm/${labImage()}/files/`;
		context.on('request', (r) => {
			if (new URL(r.url()).pathname.startsWith(guestFilesPath)) guestRequests.push(r.url());
		});
		const lab = await context.newPage();
		const watch = watchPage(lab, site.server.url);
		await lab.goto(site.url('/labs/terminal/'));
		await waitForWorker(lab);
		await waitReady(lab);
		await typeCommand(lab, 'echo "fait avant la mise a jour" > ~/temoin && echo "v1-$((40+2))"');
		await waitForScreen(lab, /v1-42/);
		await lab.evaluate(() => Object.assign(window, { pasRechargee: true }));
		const title = await lab.title();
		const guestFiles = () => lab.evaluate(async (name) => (await (await caches.open(name)).keys()).length, CACHES.guestFiles);
		const filesBefore = await guestFiles();
		// Another tab, without a lab, must not let the new version in either.
		const other = await context.newPage();
		await other.goto(site.url('/parcours/premiers-pas/'));
		await other.evaluate(() => Object.assign(window, { pasRechargee: true }));

		await site.deploy(newVersion());
		await lab.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
		const notice = lab.getByRole('region', { name: 'Mise à jour du site' });
		await notice.waitFor({ timeout: 120_000 });
		expect(await notice.innerText()).toMatch(/^Nouvelle version du site disponible\. Ton laboratoire continue/);
		const otherNotice = other.getByRole('region', { name: 'Mise à jour du site' });
		await otherNotice.waitFor({ timeout: 30_000 });
		expect(await otherNotice.innerText()).toMatch(/Un laboratoire tourne dans un autre onglet/);

		// Under the lab nothing moved: same page, same worker and version, and the guest reads files it had not read yet.
		await lab.waitForTimeout(2000);
		const before = guestRequests.length;
		await typeCommand(lab, 'wc -l /usr/share/common-licenses/GPL-3 /etc/adduser.conf && echo "pendant-$((40+2))"');
		await waitForScreen(lab, /pendant-42/);
		expect(guestRequests.length, 'fichiers de l’invité lus pendant la mise à jour en attente').toBeGreaterThan(before);
		expect(await lab.evaluate(() => 'pasRechargee' in window)).toBe(true);
		expect(await lab.title()).toBe(title);
		expect(await lab.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(true);
		expect(await servesNewVersion(lab)).toBe(false);
		expect(await servesNewVersion(other)).toBe(false);
		expect(await guestFiles()).toBeGreaterThan(filesBefore);

		// The learner accepts: the lab is saved, the page reloads on the new version and the machine resumes.
		await Promise.all([lab.waitForEvent('load', { timeout: 120_000 }), notice.getByRole('button', { name: 'Mettre à jour' }).click()]);
		await waitReady(lab);
		expect(await lab.title()).toContain(NEW_TITLE);
		await typeCommand(lab, 'cat ~/temoin && echo "apres-$((40+2))"');
		await waitForScreen(lab, /fait avant la mise a jour[\s\S]*apres-42/);
		expect(await lab.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
		// The other tab has the new version too, without a reload.
		expect(await servesNewVersion(other)).toBe(true);
		expect(await other.evaluate(() => 'pasRechargee' in window)).toBe(true);
		expect(await otherNotice.count()).toBe(0);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
		await site.close();
	});

	test('accepted in another tab, the update saves the running lab first, which resumes on the new version', { timeout: 420_000 }, async () => {
		requireImage();
		const site = await deployableSite();
		const context = await browser.newContext({ locale: 'fr-CA' });
		const lab = await context.newPage();
		await lab.goto(site.url('/labs/terminal/'));
		await waitForWorker(lab);
		await waitReady(lab);
		await typeCommand(lab, 'echo "fait avant la mise a jour" > ~/temoin && echo "v1-$((40+2))"');
		await waitForScreen(lab, /v1-42/);
		const other = await context.newPage();
		await other.goto(site.url('/parcours/premiers-pas/'));

		await site.deploy(newVersion());
		await other.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
		const notice = other.getByRole('region', { name: 'Mise à jour du site' });
		await notice.waitFor({ timeout: 120_000 });
		await Promise.all([lab.waitForEvent('load', { timeout: 120_000 }), notice.getByRole('button', { name: 'Mettre à jour' }).click()]);
		await waitReady(lab);
		expect(await lab.title()).toContain(NEW_TITLE);
		await typeCommand(lab, 'cat ~/temoin && echo "apres-$((40+2))"');
		await waitForScreen(lab, /fait avant la mise a jour[\s\S]*apres-42/);
		expect(await servesNewVersion(other)).toBe(true);
		await context.close();
		await site.close();
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

	test('« Disponible hors ligne » stores a path once, at the size announced: a lab never opened starts offline', { timeout: 600_000 }, async () => {
		let asked: string[] | undefined;
		const { server, context, url } = await session((path) => asked?.push(path));
		const page = await context.newPage();
		const watch = watchPage(page, server.url);
		await page.goto(url('/parcours/premiers-pas/'));
		await waitForWorker(page);
		const bundle: OfflineBundle = JSON.parse(readFileSync(`${ROOT}/parcours/premiers-pas/hors-ligne.json`, 'utf8'));
		const box = page.locator('boreale-path-offline');
		await expect.poll(() => box.locator('[data-size]').innerText(), { timeout: 30_000 }).toMatch(/^Taille à télécharger/);
		expect(await box.locator('[data-size]').innerText()).toBe(`Taille à télécharger : ${formatBytes(bundle.bytes)} (${bundle.files.length} fichiers).`);
		console.log(`hors ligne premiers-pas : ${bundle.files.length} fichiers, ${bundle.bytes} octets`);
		const cachesUsage = () => page.evaluate(async () => ((await navigator.storage.estimate()) as { usageDetails?: { caches?: number } }).usageDetails?.caches ?? 0);
		const usageBefore = await cachesUsage();
		const started = Date.now();
		asked = [];
		await box.getByRole('button', { name: 'Rendre ce parcours disponible hors ligne' }).click();
		await expect.poll(() => box.getByRole('status').innerText(), { timeout: 540_000, interval: 1000 }).toMatch(/est disponible hors ligne/);
		console.log(`téléchargement : ${((Date.now() - started) / 1000).toFixed(1)} s`);
		await expect.poll(() => box.locator('[data-size]').innerText(), { timeout: 60_000 }).toMatch(/déjà disponible hors ligne/);
		expect(watch.consoleErrors).toEqual([]);

		// Each listed file was fetched once and is held once, in the caches the service worker reads…
		const listed = bundle.files.map((f) => f.url);
		expect(asked.filter((path) => listed.includes(path)).sort()).toEqual([...listed].sort());
		const held = await page.evaluate(async () => {
			const entries: { path: string; cache: string; size: number }[] = [];
			for (const name of await caches.keys()) {
				if (name.startsWith('workbox-precache')) continue;
				const cache = await caches.open(name);
				for (const request of await cache.keys()) {
					entries.push({ path: new URL(request.url).pathname, cache: name, size: (await (await cache.match(request))!.blob()).size });
				}
			}
			return entries;
		});
		const ofBundle = held.filter((e) => /^\/(?:vm|apt)\/|\.wasm$/.test(e.path));
		expect(ofBundle.map((e) => e.path).sort()).toEqual([...listed].sort());
		const storedBytes = ofBundle.reduce((sum, e) => sum + e.size, 0);
		expect(storedBytes).toBe(bundle.bytes);
		const usage = (await cachesUsage()) - usageBefore;
		console.log(`stocké : ${storedBytes} octets dans ${ofBundle.length} entrées ; quota du stockage des caches : +${usage} octets`);
		// Per-entry bookkeeping (headers, keys) costs a few per cent; a second copy would double it.
		expect(usage).toBeLessThan(bundle.bytes * 1.15);
		// …and not a second time in the browser's HTTP cache, which the worker asks with `only-if-cached`.
		const worker = context.serviceWorkers()[0];
		const inHttpCache = await worker.evaluate(async (urls) => {
			let n = 0;
			for (const url of urls) {
				n += await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).then(
					() => 1,
					() => 0,
				);
			}
			return n;
		}, listed);
		expect(inHttpCache, 'fichiers gardés aussi dans le cache HTTP du navigateur').toBe(0);

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
