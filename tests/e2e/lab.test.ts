import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClientLab } from '../../src/labs/client-lab.ts';
import { axeViolations, blocking } from './axe.ts';
import { fetchLab, newContext, openLabPage, openSite, type SiteSession } from './harness.ts';
import { screen, typeCommand, waitForScreen, waitReady, waitStatus } from './lab-helpers.ts';

const LAB = 'terminal';
let site: SiteSession;
let lab: ClientLab;

beforeAll(async () => {
	site = await openSite();
	lab = await fetchLab(site, LAB);
});
afterAll(async () => site?.close());

function step(page: Page, index: number) {
	return page.locator('.lab-step').nth(index);
}

describe(`lab « ${LAB} » in Chromium`, () => {
	test('type, verify, fail with a hint, reload and find the work, reset', async () => {
		const { context, page, watch } = await openLabPage(site, LAB);
		await waitReady(page);

		// A first command, typed: the guest answers in the terminal.
		await typeCommand(page, 'echo "bonjour $((6*7))"');
		await waitForScreen(page, /bonjour 42/);
		// The machine resumes at its state's time (the image's build); its start sets it to the host's.
		await typeCommand(page, `echo "ecart-horloge:$(( $(date +%s) - ${Math.round(Date.now() / 1000)} ))"`);
		await waitForScreen(page, /^ecart-horloge:-?\d+$/m);
		const gap = Number(/^ecart-horloge:(-?\d+)$/m.exec(await screen(page))![1]);
		expect(Math.abs(gap)).toBeLessThan(30);

		// Step 1 done by typing its solution, then « Vérifier ».
		for (const line of lab.steps[0].solutionCommands!.trim().split('\n')) await typeCommand(page, line);
		await typeCommand(page, 'echo marque-e2e > ~/marque.txt');
		await step(page, 0).getByRole('button', { name: 'Vérifier' }).click();
		await expect.poll(() => step(page, 0).getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/Étape réussie/);
		expect(await step(page, 0).getAttribute('data-done')).toBe('true');

		// Step 2 not done yet: « Vérifier » explains what is missing.
		await step(page, 1).getByRole('button', { name: 'Vérifier' }).click();
		await expect.poll(() => step(page, 1).getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/^Pas encore\./);
		const hint = await step(page, 1).locator('.lab-step__failed-hint').innerText();
		expect(lab.steps[1].checks.map((c) => c.hint.replace(/<[^>]+>/g, '').trim())).toContain(hint.trim());

		// The save that follows a passed step is done: reload and find it all.
		await waitStatus(page, /Machine enregistrée/, 30_000);
		await page.reload();
		await waitReady(page);
		expect(await page.locator('.lab__status').innerText()).toMatch(/restaurée/);
		expect(await step(page, 0).getAttribute('data-done')).toBe('true');
		await typeCommand(page, 'cat ~/marque.txt');
		await waitForScreen(page, /^marque-e2e$/m);

		// Reset, after confirmation: a clean machine and no step done.
		await page.getByRole('button', { name: 'Réinitialiser' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Oui, tout effacer' }).click();
		await waitStatus(page, /réinitialisé/, 90_000);
		await waitForScreen(page, /eleve@labo:~\$/);
		await typeCommand(page, 'test -e ~/marque.txt || echo "absent-$((1+1))"');
		await waitForScreen(page, /absent-2/);
		expect(await step(page, 0).getAttribute('data-done')).toBe('false');

		expect(watch.foreignRequests).toEqual([]);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});

	test.each(['dark', 'light'] as const)('passes axe (WCAG 2.2 AA) with the machine running, %s theme, and fits a phone', async (theme) => {
		const context = await newContext(site, theme === 'light' ? { viewport: { width: 360, height: 740 }, isMobile: true } : {});
		await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
		const page = await context.newPage();
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);
		await step(page, 1).getByRole('button', { name: 'Vérifier' }).click();
		await expect.poll(() => step(page, 1).getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/^Pas encore\./);
		expect(blocking(await axeViolations(page), LAB)).toEqual([]);
		const viewport = page.viewportSize()!.width;
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport);
		await context.close();
	});
});

describe('a lab prepared in the browser (files copied, then its setup script)', () => {
	test('« taches-planifiees » starts ready, its files in place with their owner and mode', async () => {
		const { context, page, watch } = await openLabPage(site, 'taches-planifiees');
		// The terminal tells the guest its size while the lab is prepared: both go to the agent at once.
		await waitReady(page);
		await typeCommand(page, "stat -c 'fichier %U %a %n' ~/bin ~/bin/rapport.sh /usr/local/sbin/sauvegarde-config.sh");
		await waitForScreen(page, /fichier eleve 755 \/home\/eleve\/bin\n/);
		await waitForScreen(page, /fichier eleve 755 \/home\/eleve\/bin\/rapport\.sh/);
		await waitForScreen(page, /fichier root 755 \/usr\/local\/sbin\/sauvegarde-config\.sh/);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});
});
