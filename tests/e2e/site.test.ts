import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, blocking } from './axe.ts';
import { newContext, openSite, sitemapPaths, watchPage, type SiteSession } from './harness.ts';

let site: SiteSession;
let paths: string[] = [];

beforeAll(async () => {
	site = await openSite();
	paths = await sitemapPaths(site.baseUrl);
});
afterAll(async () => site?.close());

/** Runs `task` over `items`, `size` at a time (2 cores: a few pages in flight keep both busy). */
async function inPool<T, R>(items: T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: size }, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await task(items[index]);
			}
		}),
	);
	return results;
}

describe('every page of the sitemap', () => {
	test('the sitemap lists the sections of the site', () => {
		for (const section of ['/', '/parcours/', '/labs/', '/deployer/', '/mentorat/', '/a-propos/']) {
			expect(paths).toContain(section);
		}
	});

	test(
		'loads cleanly, talks only to its own origin and passes axe (WCAG 2.2 AA) in the dark theme, then in the light one',
		{ timeout: 900_000 },
		async () => {
			const context = await newContext(site);
			await context.addInitScript(() => {
				// Every page opens in the dark theme.
				localStorage.setItem('starlight-theme', 'dark');
				// The learner's « don't start labs by themselves » preference: this sweep
				// audits every page; lab.test.ts audits a lab with its machine running.
				localStorage.setItem('boreale:labos:demarrage-auto', 'non');
			});
			const problems = (
				await inPool(paths, 3, async (path) => {
					const found: string[] = [];
					const page = await context.newPage();
					page.setDefaultTimeout(90_000); // three pages at once on two cores
					const watch = watchPage(page, site.baseUrl);
					const started = Date.now();
					const response = await page.goto(new URL(path, site.baseUrl).href, { waitUntil: 'load' });
					if (response?.status() !== 200) found.push(`${path} : HTTP ${response?.status()}`);
					if ((await page.getAttribute('html', 'lang')) !== 'fr') found.push(`${path} : lang ≠ fr`);
					// One load, both themes: the theme is CSS keyed on <html data-theme>.
					// Only the attribute changes: the stored choice, shared by the pages
					// loading at the same time, stays dark.
					for (const theme of ['dark', 'light'] as const) {
						if (theme === 'light') {
							await page.evaluate(() => {
								document.documentElement.dataset.theme = 'light';
							});
						}
						if ((await page.getAttribute('html', 'data-theme')) !== theme) found.push(`${path} : thème ≠ ${theme}`);
						found.push(...blocking(await axeViolations(page), `${path} [${theme}]`));
					}
					found.push(...watch.consoleErrors.map((e) => `${path} console: ${e}`));
					found.push(...watch.foreignRequests.map((u) => `${path} requête vers un tiers: ${u}`));
					await page.close();
					if (process.env.E2E_VERBOSE) console.log(`${path} ${Date.now() - started} ms`);
					return found;
				})
			).flat();
			await context.close();
			expect(problems).toEqual([]);
		},
	);

	test('no page overflows sideways on a phone (360 px)', { timeout: 600_000 }, async () => {
		const context = await newContext(site, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
		await context.addInitScript(() => localStorage.setItem('boreale:labos:demarrage-auto', 'non'));
		const overflowing = (
			await inPool(paths, 3, async (path) => {
				const page = await context.newPage();
				await page.goto(new URL(path, site.baseUrl).href);
				const width = await page.evaluate(() => document.documentElement.scrollWidth);
				await page.close();
				return width > 360 ? [`${path}: ${width}px`] : [];
			})
		).flat();
		await context.close();
		expect(overflowing).toEqual([]);
	});
});

describe('search', () => {
	test('finds French word families: « installer » matches « installation »', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(site.baseUrl);
		await page.getByRole('button', { name: 'Rechercher' }).click();
		const dialog = page.getByRole('dialog');
		await dialog.getByRole('textbox').fill('installer');
		await dialog.getByText(/\d+ résultats? pour installer/).waitFor();
		const highlighted = (await dialog.locator('mark').allInnerTexts()).map((t) => t.toLowerCase());
		// Stemming: another form of the word is highlighted too (installation, installée…).
		expect(highlighted.filter((word) => /^install/.test(word) && !/^installer\b/.test(word))).not.toEqual([]);
		expect(await dialog.getByRole('search').getAttribute('aria-label')).toBe('Rechercher dans le site');
		expect(watch.foreignRequests).toEqual([]);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});

	test('the search button is named after what it shows: « Rechercher » and its shortcut on a wide screen, « Rechercher » alone on a phone', async () => {
		// WCAG 2.5.3 (label in name): voice control users say what they see.
		const context = await newContext(site);
		const page = await context.newPage();
		await page.goto(site.baseUrl);
		const button = page.locator('button[data-open-modal]');
		expect(await button.getAttribute('aria-label')).toBe('Rechercher Ctrl K');
		await expect.poll(() => button.innerText()).toMatch(/^Rechercher\s+Ctrl\s+K$/);
		await page.setViewportSize({ width: 360, height: 740 });
		await expect.poll(() => button.getAttribute('aria-label')).toBe('Rechercher');
		await context.close();
	});
});
