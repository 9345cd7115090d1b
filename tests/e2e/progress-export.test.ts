/**
 * Mentor view without data collection, end to end in Chromium: two learners
 * export (a short code, a file), a mentor imports both and reads the table;
 * a learner takes her code to another browser and imports it into her own
 * progress, after confirming, without losing what was there.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newContext, openSite, watchPage, type PageWatch, type SiteSession } from './harness.ts';

const PATH = 'premiers-pas';
let site: SiteSession;
const watches: PageWatch[] = [];

beforeAll(async () => {
	site = await openSite(process.env.SITE_ROOT ?? 'dist');
});
afterAll(async () => site?.close());

async function open(context: BrowserContext, path: string): Promise<Page> {
	const page = await context.newPage();
	watches.push(watchPage(page, site.baseUrl));
	await page.goto(new URL(path, site.baseUrl).href);
	return page;
}

/** Marks modules done with the page's own toggle, as a learner does. */
async function markDone(context: BrowserContext, modules: string[]): Promise<void> {
	for (const module of modules) {
		const page = await open(context, `/parcours/${PATH}/${module}/`);
		await page.getByRole('button', { name: 'Marquer ce module comme terminé' }).click();
		await page.getByRole('button', { name: 'Marquer ce module comme non terminé' }).waitFor();
		await page.close();
	}
}

describe('progress export and mentor table', () => {
	test('code and file round trip, mentor table, import into one’s own progress', async () => {
		// Learner 1: two modules, exports a short code.
		const lea = await newContext(site);
		await markDone(lea, ['terminal', 'se-deplacer']);
		const leaPage = await open(lea, `/parcours/${PATH}/`);
		await expect.poll(() => leaPage.locator('[data-count]').innerText()).toBe('2');
		await leaPage.getByLabel('Ton prénom ou un pseudo (facultatif)').fill('Léa');
		await leaPage.getByRole('button', { name: 'Afficher un code court' }).click();
		const code = await leaPage.getByLabel('Ton code de progression').inputValue();
		expect(code).toMatch(/^AB1-[\w-]+$/);

		// Learner 2: one module, downloads a file.
		const sam = await newContext(site, { acceptDownloads: true });
		await markDone(sam, ['terminal']);
		const samPage = await open(sam, `/parcours/${PATH}/`);
		await samPage.getByLabel('Ton prénom ou un pseudo (facultatif)').fill('Samuel');
		const [download] = await Promise.all([samPage.waitForEvent('download'), samPage.getByRole('button', { name: 'Télécharger un fichier' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^progression-samuel-\d{4}-\d{2}-\d{2}\.json$/);
		const file = await download.path();
		expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'alliance-boreale/progression', name: 'Samuel' });

		// Mentor: imports both (plus one broken line), reads the table.
		const mentor = await newContext(site);
		const table = await open(mentor, '/mentorat/suivi/');
		await table.getByLabel('Codes de progression (un par ligne)').fill(`${code}\nAB1-abimé`);
		await table.getByLabel('Fichiers de progression').setInputFiles(file);
		await table.getByRole('button', { name: 'Ajouter au tableau' }).click();
		await expect.poll(() => table.locator('[data-status]').innerText()).toBe('2 progressions ajoutées.');
		expect(await table.locator('[data-errors]').innerText()).toMatch(/^Ligne 2 : Ce code est incomplet ou contient une faute de frappe/);
		const premiersPas = table.locator(`table[data-path="${PATH}"]`);
		expect(await premiersPas.locator('caption').innerText()).toMatch(/^Premiers pas sous Linux/);
		const rowOf = (name: string) => premiersPas.locator('tbody tr', { has: table.getByRole('rowheader', { name }) });
		expect(await rowOf('Léa').locator('[data-total]').innerText()).toMatch(/^2\//);
		expect(await rowOf('Samuel').locator('[data-total]').innerText()).toMatch(/^1\//);
		// The same export twice is refused, not doubled.
		await table.getByLabel('Codes de progression (un par ligne)').fill(code);
		await table.getByRole('button', { name: 'Ajouter au tableau' }).click();
		await expect.poll(() => table.locator('[data-errors]').innerText()).toMatch(/Léa : cet export est déjà dans le tableau/);
		expect(await premiersPas.locator('tbody tr').count()).toBe(2);

		// Léa on another browser, where she already finished another module: her code only adds.
		const other = await newContext(site);
		await markDone(other, ['fichiers']);
		const mine = await open(other, `/parcours/${PATH}/`);
		await mine.getByText('Reprendre une progression exportée').click();
		await mine.getByLabel('Code de progression', { exact: true }).fill(code);
		await mine.getByRole('button', { name: 'Importer' }).click();
		const dialog = mine.getByRole('dialog');
		expect(await dialog.innerText()).toMatch(/Export de Léa du .* : 2 modules et 0 étape de laboratoire seront ajoutés/);
		await dialog.getByRole('button', { name: 'Oui, ajouter' }).click();
		await expect.poll(() => mine.locator('[data-count]').innerText()).toBe('3');
		expect(await mine.getByRole('status').filter({ hasText: 'Progression importée' }).innerText()).toMatch(/2 modules et 0 étape ajoutés/);
		// A bad code is explained, in French, and changes nothing.
		await mine.getByLabel('Code de progression', { exact: true }).fill('n’importe quoi');
		await mine.getByRole('button', { name: 'Importer' }).click();
		await expect.poll(() => mine.locator('[data-error]').innerText()).toMatch(/ni un code de progression/);
		expect(await mine.locator('[data-count]').innerText()).toBe('3');

		for (const context of [lea, sam, mentor, other]) await context.close();
		expect(watches.flatMap((w) => w.foreignRequests)).toEqual([]);
		expect(watches.flatMap((w) => w.consoleErrors)).toEqual([]);
	});
});
