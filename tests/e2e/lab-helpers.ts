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
	await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 120_000 });
	await waitForScreen(page, /eleve@labo:~\$/);
}
