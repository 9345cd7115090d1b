import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Visible text of the lab terminal. xterm.js pauses rendering while off screen, so look at it first. */
export async function screen(page: Page): Promise<string> {
	await page.locator('.lab__screen').scrollIntoViewIfNeeded();
	return page.locator('.xterm-rows').innerText();
}

export async function waitForScreen(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
	await expect.poll(() => screen(page), { timeout, interval: 250 }).toMatch(pattern);
}

/** Types in the terminal as a learner does: click, keys, Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
	await page.locator('.lab__screen').click();
	await page.keyboard.type(command, { delay: 5 });
	await page.keyboard.press('Enter');
}

/** What the learner would see: the lab's state, its messages and the end of the screen. */
export async function labSituation(page: Page): Promise<string> {
	const lab = page.locator('boreale-lab');
	const state = await lab.getAttribute('data-state').catch(() => null);
	const status = await lab.locator('[role="status"], [role="alert"]').allInnerTexts().catch(() => []);
	const shown = await screen(page).catch(() => '');
	return `état ${state}, messages ${JSON.stringify(status)}, écran :\n${shown.trim().split('\n').slice(-8).join('\n')}`;
}

/** The lab says it is ready and the shell prompt is on screen. */
export async function waitReady(page: Page, timeout = 100_000): Promise<void> {
	try {
		await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout });
	} catch (error) {
		throw new Error(`labo pas prêt en ${timeout / 1000} s : ${await labSituation(page)}`, { cause: error });
	}
	await waitForScreen(page, /eleve@labo:~\$/);
}

/** The lab's status line says `pattern`; otherwise the error says what it says instead. */
export async function waitStatus(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
	try {
		await expect.poll(() => page.locator('.lab__status').innerText(), { timeout, interval: 250 }).toMatch(pattern);
	} catch (error) {
		throw new Error(`le labo ne dit pas ${pattern} en ${timeout / 1000} s : ${await labSituation(page)}`, { cause: error });
	}
}
