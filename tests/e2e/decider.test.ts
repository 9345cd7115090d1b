/**
 * « Décider » in Chromium, on the built site: the cost calculator recomputes
 * as a figure changes (also offline), marks a wrong field in French next to
 * it, and exports a CSV whose content is the table; the clauses model is
 * downloadable in ODT and Markdown; the new pages are in the sitemap and
 * the search; the workshop handout prints alone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { axeViolations, blocking } from './axe.ts';
import { newContext, openSite, sitemapPaths, waitForSearchUi, watchPage, type SiteSession } from './harness.ts';

let site: SiteSession;
beforeAll(async () => {
	site = await openSite();
});
afterAll(async () => site?.close());

const NBSP = '\u00a0';
/** « 42 700 $ » as the page writes it (non-breaking spaces). */
const dollars = (text: string) => text.replace(/ /g, NBSP);

describe('the cost calculator', () => {
	test('a changed figure changes the totals; a wrong one is named next to its field; the CSV holds the table', async () => {
		const context = await newContext(site, { acceptDownloads: true });
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(new URL('decider/couts/', site.baseUrl).href, { waitUntil: 'load' });
		const rentedTotal = page.locator('[data-total="rented"] td');
		// Starting figures: 15 × 14 $ × 12 × 10 + 50 h × 35 $ × 10 = 42 700 $.
		expect(await rentedTotal.allTextContents()).toEqual([dollars('21 350 $'), dollars('42 700 $')]);

		// Offline from here: everything is computed in the page (once the
		// search, which Starlight imports when idle, has loaded).
		await waitForSearchUi(page);
		await context.setOffline(true);
		await page.fill('#cost-users', '30');
		await page.locator('#cost-users').blur();
		// 30 × 14 $ × 12 = 5 040 $ a year of licences.
		await expect.poll(() => rentedTotal.allTextContents()).toEqual([dollars('33 950 $'), dollars('67 900 $')]);
		await expect.poll(() => page.textContent('[data-status]')).toContain(`Sur 10 ans${NBSP}: ${dollars('67 900 $')} pour la suite louée`);
		expect(await page.textContent('#cost-chart-desc')).toContain(dollars('67 900 $'));

		// A word instead of a number: the field says what is wrong, the results keep the last valid figures.
		await page.fill('#cost-kwhPrice', 'douze');
		const error = page.locator('#cost-kwhPrice-error');
		await expect.poll(() => error.textContent()).toBe(`«${NBSP}douze${NBSP}» n’est pas un nombre${NBSP}: écrivez des chiffres, avec une virgule pour les décimales (par exemple 12,50)`);
		expect(await error.isVisible()).toBe(true);
		expect(await page.getAttribute('#cost-kwhPrice', 'aria-invalid')).toBe('true');
		expect((await page.getAttribute('#cost-kwhPrice', 'aria-describedby'))?.split(' ')).toEqual(['cost-kwhPrice-error', 'cost-kwhPrice-source']);
		expect(await page.textContent('[data-status]')).toMatch(/^1 champ est à corriger/);
		expect(await rentedTotal.allTextContents()).toEqual([dollars('33 950 $'), dollars('67 900 $')]);
		for (const theme of ['dark', 'light'] as const) {
			await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
			expect(blocking(await axeViolations(page), `calculateur, champ en erreur [${theme}]`)).toEqual([]);
		}

		await page.fill('#cost-kwhPrice', '0,10');
		await expect.poll(() => page.getAttribute('#cost-kwhPrice', 'aria-invalid')).toBeNull();
		expect(await error.isHidden()).toBe(true);

		const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download]')]);
		expect(download.suggestedFilename()).toBe('comparaison-des-couts.csv');
		const bytes = readFileSync((await download.path())!);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for spreadsheets
		const rows = bytes.toString('utf8').slice(1).split('\r\n');
		expect(rows).toContain('Nombre de personnes qui ont un compte;30;Chiffre saisi par l’organisme');
		expect(rows).toContain('Prix d’un kWh ($);0,1;Chiffre saisi par l’organisme');
		expect(rows).toContain('Licences;Suite louée;25200,00;50400,00');
		// 60 W × 8 760 h ÷ 1 000 × 0,10 $ = 52,56 $ a year.
		expect(rows).toContain('Électricité;Services libres hébergés ici;262,80;525,60');
		expect(rows).toContain(`Total${NBSP}: Suite louée;Suite louée;33950,00;67900,00`);
		expect(await page.textContent('[data-status]')).toContain('comparaison-des-couts.csv');

		expect(watch.consoleErrors).toEqual([]);
		expect(watch.foreignRequests).toEqual([]);
		await context.close();
	});

	test('every starting figure shows its source and date next to its field', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		await page.goto(new URL('decider/couts/', site.baseUrl).href);
		const inputs = await page.locator('boreale-cost-calculator input').count();
		const sources = await page.locator('boreale-cost-calculator .cost__source').allTextContents();
		expect(inputs).toBe(19);
		expect(sources).toHaveLength(inputs);
		for (const source of sources) expect(source.trim()).toMatch(/^(Source|Hypothèse à remplacer par les chiffres de l’organisme)\u00a0: .+\(état au \d{1,2} \p{L}+ \d{4}\)/u);
		await context.close();
	});
});

describe('the sovereignty clauses model', () => {
	test('downloads as .odt (a valid ODF zip) and as Markdown', async () => {
		const odt = await fetch(new URL('modeles/clauses-souverainete.odt', site.baseUrl));
		expect(odt.status).toBe(200);
		const files = unzipSync(new Uint8Array(await odt.arrayBuffer()));
		expect(strFromU8(files.mimetype)).toBe('application/vnd.oasis.opendocument.text');
		expect(strFromU8(files['content.xml'])).toContain('Avis d’incident');
		const md = await fetch(new URL('modeles/clauses-souverainete.md', site.baseUrl));
		expect(md.status).toBe(200);
		expect(await md.text()).toMatch(/^# Clauses de souveraineté numérique/);
	});

	test('the clauses page links both files', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		await page.goto(new URL('decider/clauses-souverainete/', site.baseUrl).href);
		for (const href of ['/modeles/clauses-souverainete.odt', '/modeles/clauses-souverainete.md']) {
			expect(await page.locator(`a[href="${href}"]`).count(), href).toBe(1);
		}
		await context.close();
	});
});

describe('the new sections', () => {
	test('are in the sitemap and in the sidebar', async () => {
		const paths = await sitemapPaths(site.baseUrl);
		for (const path of [
			'/decider/',
			'/decider/couts/',
			'/decider/clauses-souverainete/',
			'/decider/risques-et-continuite/',
			'/decider/quitter-microsoft-365/',
			'/parcours/au-quotidien/',
			'/parcours/au-quotidien/fichiers-et-partage/',
			'/parcours/au-quotidien/renseignements-personnels/',
			'/mentorat/atelier-citoyen/',
		]) {
			expect(paths).toContain(path);
		}
		expect(paths.filter((p) => p.startsWith('/parcours/au-quotidien/') && p !== '/parcours/au-quotidien/' && !p.endsWith('/livret/')).length).toBeGreaterThanOrEqual(6);
		const context = await newContext(site);
		const page = await context.newPage();
		// The home page is a splash page without sidebar: look from a section page.
		await page.goto(new URL('a-propos/', site.baseUrl).href);
		const sidebar = page.locator('.sidebar-pane');
		expect(await sidebar.locator('a[href="/decider/couts/"]').count()).toBe(1);
		expect(await sidebar.locator('a[href="/parcours/au-quotidien/"]').count()).toBe(1);
		expect(await sidebar.locator('a[href="/mentorat/atelier-citoyen/"]').count()).toBe(1);
		await context.close();
	});

	test('are found by the search', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(site.baseUrl);
		await page.getByRole('button', { name: 'Rechercher' }).click();
		const dialog = page.getByRole('dialog');
		// Result links appear a moment after the count: poll them.
		const resultPaths = () => dialog.locator('a').evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
		await dialog.getByRole('textbox').fill('réversibilité');
		await dialog.getByText(/\d+ résultats? pour réversibilité/).waitFor();
		await expect.poll(resultPaths, { timeout: 20_000 }).toContain('/decider/clauses-souverainete/');
		// (« hameçonnage » is not used here: Pagefind 1.x finds only « HA » pages for it, a cedilla problem of its own.)
		await dialog.getByRole('textbox').fill('authentification');
		await dialog.getByText(/\d+ résultats? pour authentification/).waitFor();
		await expect.poll(resultPaths, { timeout: 20_000 }).toEqual(expect.arrayContaining(['/parcours/au-quotidien/mots-de-passe/', '/mentorat/atelier-citoyen/']));
		expect(watch.foreignRequests).toEqual([]);
		await context.close();
	});
});

describe('the citizen workshop handout', () => {
	test('« Imprimer la fiche seulement » prints the handout alone', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		await page.goto(new URL('mentorat/atelier-citoyen/', site.baseUrl).href);
		// print() would open a dialog: the button's flag is set by hand, as the button does.
		await page.evaluate(() => (document.documentElement.dataset.printingHandout = ''));
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('[data-handout]').isVisible()).toBe(true);
		expect(await page.locator('[data-handout] h3').first().isVisible()).toBe(true);
		expect(await page.locator('h1#_top').isVisible()).toBe(false);
		expect(await page.locator('.sl-markdown-content > table').first().isVisible()).toBe(false);
		expect(await page.locator('[data-print-handout]').isVisible()).toBe(false);
		// Without the flag (the browser's own print), the whole guide prints.
		await page.evaluate(() => delete document.documentElement.dataset.printingHandout);
		expect(await page.locator('.sl-markdown-content > table').first().isVisible()).toBe(true);
		await context.close();
	});
});
