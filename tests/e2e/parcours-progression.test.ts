/**
 * A learner finishes one module's lab inside the module page, then sees the
 * path's progress advance, and keeps it after a reload. Real Chromium, the
 * real guest: every step is typed in the terminal and verified with the
 * step's own « Vérifier » button.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClientLab } from '../../src/labs/client-lab.ts';
import { fetchLab, newContext, openSite, watchPage, type SiteSession } from './harness.ts';
import { typeCommand, waitForScreen, waitReady, waitStatus } from './lab-helpers.ts';

const PATH = 'premiers-pas';
const MODULE = 'terminal';
const MODULE_ID = `parcours/${PATH}/${MODULE}`;
let site: SiteSession;
let lab: ClientLab;

beforeAll(async () => {
	site = await openSite();
	lab = await fetchLab(site, MODULE);
});
afterAll(async () => site?.close());

/** « n module terminé / modules terminés sur N », the bar and the module's ✓ on the path page. */
async function pathProgress(page: Page): Promise<{ count: number; bar: number; marked: boolean }> {
	const widget = page.locator('boreale-path-progress');
	return {
		count: Number(await widget.locator('[data-count]').innerText()),
		bar: Number(await widget.locator('progress').getAttribute('value')),
		marked: await page.locator(`[data-done-for="${MODULE_ID}"]`).isVisible(),
	};
}

describe(`parcours « ${PATH} » : le laboratoire d’un module fait avancer la progression`, () => {
	test('do every step of the module’s lab, then the path counts the module as done, after a reload too', { timeout: 600_000 }, async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);

		// One module already done by hand, so the count has something to add to.
		await page.goto(new URL(`parcours/${PATH}/se-deplacer/`, site.baseUrl).href);
		await page.getByRole('button', { name: 'Marquer ce module comme terminé' }).click();
		await page.getByRole('button', { name: 'Marquer ce module comme non terminé' }).waitFor();

		await page.goto(new URL(`parcours/${PATH}/`, site.baseUrl).href);
		await expect.poll(() => pathProgress(page)).toMatchObject({ count: 1, bar: 1, marked: false });
		const before = await pathProgress(page);

		// The module page: its lab starts on demand (a lesson downloads nothing by itself).
		await page.locator('.path-overview__list').getByRole('link', { name: 'Le terminal' }).click();
		await page.waitForURL(`**/parcours/${PATH}/${MODULE}/`);
		const embed = page.locator(`boreale-lab[data-lab="${MODULE}"]`);
		await embed.getByRole('button', { name: 'Démarrer la machine' }).click();
		await waitReady(page);

		for (const [index, step] of lab.steps.entries()) {
			const item = embed.locator('.lab-step').nth(index);
			for (const line of step.solutionCommands!.split('\n').filter((l) => l.trim())) await typeCommand(page, line);
			// The shell is back at its prompt once this echo is answered (the typed line shows the sum unevaluated).
			await typeCommand(page, `echo "etape-$((${index} + 1))-faite"`);
			await waitForScreen(page, new RegExp(`^etape-${index + 1}-faite$`, 'm'));
			await item.getByRole('button', { name: 'Vérifier' }).click();
			const last = index === lab.steps.length - 1;
			await expect
				.poll(() => item.getByRole('alert').innerText(), { timeout: 60_000 })
				.toMatch(last ? /Bravo, tu as terminé ce laboratoire/ : /Étape réussie/);
			expect(await item.getAttribute('data-done')).toBe('true');
		}
		expect(await embed.locator('.lab__step-count').innerText()).toBe(`${lab.steps.length} ${lab.steps.length > 1 ? 'étapes réussies' : 'étape réussie'} sur ${lab.steps.length}`);

		// A finished lab finishes the module, at once: no toggle left to contradict it.
		await expect
			.poll(() => page.locator('boreale-module-done [role="status"]').innerText())
			.toBe('Module terminé : tu as réussi toutes les étapes de son laboratoire.');
		expect(await page.locator('boreale-module-done button').isVisible()).toBe(false);

		// Back on the path page, one more module is done; still so after a reload.
		await waitStatus(page, /Machine enregistrée/, 60_000);
		await page.goto(new URL(`parcours/${PATH}/`, site.baseUrl).href);
		await expect.poll(() => pathProgress(page)).toEqual({ count: before.count + 1, bar: before.bar + 1, marked: true });
		await page.reload();
		await expect.poll(() => pathProgress(page)).toEqual({ count: before.count + 1, bar: before.bar + 1, marked: true });

		expect(watch.foreignRequests).toEqual([]);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});
});
