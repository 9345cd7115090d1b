/**
 * The pages and components of workshops, offline use and mentoring, checked
 * with axe (WCAG 2.2 AA) in both themes, in their filled-in states (a code
 * shown, a table of imported learners), which the sitemap sweep in
 * site.test.ts does not reach.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toExportCode } from '../../src/progress/export.ts';
import { axeViolations, blocking } from './axe.ts';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';

let site: SiteSession;
beforeAll(async () => {
	site = await openSite(process.env.SITE_ROOT ?? 'dist');
});
afterAll(async () => site?.close());

describe.each(['dark', 'light'] as const)('%s theme', (theme) => {
	test('path page (export, offline), mentor table, workshop page and booklet pass axe', { timeout: 300_000 }, async () => {
		const context = await newContext(site);
		await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
		const problems: string[] = [];
		const check = async (page: import('playwright-core').Page, label: string) => {
			problems.push(...blocking(await axeViolations(page), label));
		};
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(new URL('parcours/premiers-pas/', site.baseUrl).href);
		await page.getByRole('button', { name: 'Afficher un code court' }).click();
		await page.getByText('Reprendre une progression exportée').click();
		await page.locator('boreale-path-offline [data-size]').filter({ hasText: /Taille|disponible|publiées/ }).waitFor();
		await check(page, 'parcours');

		await page.goto(new URL('mentorat/suivi/', site.baseUrl).href);
		const progress = { version: 1 as const, modules: { 'parcours/premiers-pas/terminal': new Date().toISOString() }, labs: { terminal: { '0': new Date().toISOString() } } };
		await page.getByLabel('Codes de progression (un par ligne)').fill(`${toExportCode(progress, 'Léa')}\n${toExportCode(progress, '')}`);
		await page.getByRole('button', { name: 'Ajouter au tableau' }).click();
		await page.locator('table[data-path="premiers-pas"]').waitFor();
		await check(page, 'suivi');

		for (const path of ['mentorat/atelier/', 'parcours/premiers-pas/livret/']) {
			await page.goto(new URL(path, site.baseUrl).href);
			await check(page, path);
		}
		problems.push(...watch.consoleErrors, ...watch.foreignRequests);
		await context.close();
		expect(problems).toEqual([]);
	});
});
