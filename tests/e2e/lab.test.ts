import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClientLab } from '../../src/labs/render.ts';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';

const LAB = 'terminal';
let site: SiteSession;
let lab: ClientLab;

beforeAll(async () => {
	site = await openSite();
	lab = await (await fetch(new URL(`labs/${LAB}/lab.json`, site.baseUrl))).json();
});
afterAll(async () => site?.close());

/** Visible text of the terminal (xterm.js pauses rendering while off screen, so look at it). */
async function screen(page: Page): Promise<string> {
	await page.locator('.lab__screen').scrollIntoViewIfNeeded();
	return page.locator('.xterm-rows').innerText();
}

async function waitForScreen(page: Page, pattern: RegExp, timeout = 30_000): Promise<void> {
	await expect.poll(() => screen(page), { timeout, interval: 250 }).toMatch(pattern);
}

/** Types in the terminal as a learner does: click, keys, Enter. */
async function typeCommand(page: Page, command: string): Promise<void> {
	await page.locator('.lab__screen').click();
	await page.keyboard.type(command, { delay: 5 });
	await page.keyboard.press('Enter');
}

async function waitReady(page: Page): Promise<void> {
	await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 90_000 });
	await waitForScreen(page, /eleve@labo:~\$/);
}

function step(page: Page, index: number) {
	return page.locator('.lab-step').nth(index);
}

describe(`lab « ${LAB} » in Chromium`, () => {
	test('type, verify, fail with a hint, reload and find the work, reset', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);

		// A first command, typed: the guest answers in the terminal.
		await typeCommand(page, 'echo "bonjour $((6*7))"');
		await waitForScreen(page, /bonjour 42/);

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
		await expect.poll(() => page.locator('.lab__status').innerText(), { timeout: 30_000 }).toMatch(/Machine enregistrée/);
		await page.reload();
		await waitReady(page);
		expect(await page.locator('.lab__status').innerText()).toMatch(/restaurée/);
		expect(await step(page, 0).getAttribute('data-done')).toBe('true');
		await typeCommand(page, 'cat ~/marque.txt');
		await waitForScreen(page, /^marque-e2e$/m);

		// Reset, after confirmation: a clean machine and no step done.
		await page.getByRole('button', { name: 'Réinitialiser' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Oui, tout effacer' }).click();
		await expect.poll(() => page.locator('.lab__status').innerText(), { timeout: 90_000 }).toMatch(/réinitialisé/);
		await waitForScreen(page, /eleve@labo:~\$/);
		await typeCommand(page, 'test -e ~/marque.txt || echo "absent-$((1+1))"');
		await waitForScreen(page, /absent-2/);
		expect(await step(page, 0).getAttribute('data-done')).toBe('false');

		expect(watch.foreignRequests).toEqual([]);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});
});
