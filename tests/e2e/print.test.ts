/**
 * Paper: a lab page and a path's booklet print without the site's chrome,
 * with hints and solutions unfolded, each module starting a page.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';

let site: SiteSession;
beforeAll(async () => {
	site = await openSite(process.env.SITE_ROOT ?? 'dist');
});
afterAll(async () => site?.close());

/** Pages of a PDF made by Chromium (its page tree root holds the count). */
function pdfPages(pdf: Buffer): number {
	const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
	return Math.max(0, ...counts);
}

describe('printing', () => {
	test('the « premiers-pas » booklet: one module per page, hints unfolded, no navigation', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(new URL('parcours/premiers-pas/livret/', site.baseUrl).href);
		const modules = await page.locator('.livret__module').count();
		expect(modules).toBeGreaterThanOrEqual(5);
		await page.emulateMedia({ media: 'print' });
		for (const selector of ['.sidebar-pane', '.page > header', '.print-button', '.right-sidebar-container']) {
			const visible = await page.locator(selector).first().isVisible().catch(() => false);
			expect(visible, selector).toBe(false);
		}
		// A solution inside a folded <details> is readable on paper.
		const solution = page.locator('.lab-sheet-print details.boreale-reveal--solution').first();
		expect(await solution.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
		const inner = solution.locator(':scope > :not(summary)').first();
		expect(await inner.isVisible()).toBe(true);
		const pdf = await page.pdf({ format: 'Letter', printBackground: false });
		const pages = pdfPages(pdf);
		console.log(`livret premiers-pas : ${modules} modules, ${pages} pages (Lettre), ${(pdf.length / 1e6).toFixed(1)} Mo de PDF`);
		expect(pages).toBeGreaterThanOrEqual(modules);
		expect(watch.consoleErrors).toEqual([]);
		expect(watch.foreignRequests).toEqual([]);
		await context.close();
	});

	test('a lab page prints its steps, not its terminal or buttons', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		await page.goto(new URL('labs/terminal/', site.baseUrl).href);
		await page.locator('.lab-step').first().waitFor();
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('.lab-step').first().isVisible()).toBe(true);
		for (const selector of ['.lab__terminal', '.lab__bar', '.sidebar-pane']) {
			expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
		}
		const pdf = await page.pdf({ format: 'Letter' });
		console.log(`fiche du laboratoire terminal : ${pdfPages(pdf)} pages (Lettre)`);
		expect(pdfPages(pdf)).toBeGreaterThan(0);
		await context.close();
	});
});
