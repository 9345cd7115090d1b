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

/** The lab says it is ready and the shell prompt is on screen. */
export async function waitReady(page: Page): Promise<void> {
	const lab = page.locator('boreale-lab');
	try {
		await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 120_000 });
	} catch (error) {
		// Say what the learner would see, not only that the wait ran out.
		const state = await lab.getAttribute('data-state').catch(() => null);
		const status = await lab.locator('[role="status"], [role="alert"]').allInnerTexts().catch(() => []);
		const shown = await screen(page).catch(() => '');
		throw new Error(`labo pas prêt en 120 s : état ${state}, messages ${JSON.stringify(status)}, écran :\n${shown.trim().split('\n').slice(-8).join('\n')}`, { cause: error });
	}
	await waitForScreen(page, /eleve@labo:~\$/);
}
