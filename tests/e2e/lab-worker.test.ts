/**
 * Where a lab's v86 runs (src/labs/v86-runtime.ts): in a worker of its own,
 * so that the page's main thread stays free for typing and scrolling while
 * the guest computes, restores or saves (bench/results/lab-browser.md); in
 * the page itself when that worker cannot start (an old browser, a blocked
 * script).
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';
import { typeCommand, waitForScreen, waitReady } from './lab-helpers.ts';

const LAB = 'terminal';
let site: SiteSession;

beforeAll(async () => {
	site = await openSite();
});
afterAll(async () => site?.close());

const machineWorkers = (page: Page): Worker[] => page.workers().filter((w) => /\/v86-worker[^/]*\.(?:js|ts)/.test(w.url()));

describe('lab machine thread', () => {
	test('v86 runs in a worker of the lab page; « Réinitialiser » stops it and starts a new one', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);
		const [first] = machineWorkers(page);
		expect(machineWorkers(page)).toHaveLength(1);
		await typeCommand(page, 'echo "fil $((20+22))"');
		await waitForScreen(page, /fil 42/);

		const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
		await page.getByRole('button', { name: 'Réinitialiser' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Oui, tout effacer' }).click();
		await expect.poll(() => page.locator('.lab__status').innerText(), { timeout: 90_000 }).toMatch(/réinitialisé/);
		await closed;
		expect(machineWorkers(page)).toHaveLength(1);
		expect(machineWorkers(page)[0]).not.toBe(first);
		await typeCommand(page, 'echo "neuve $((1+1))"');
		await waitForScreen(page, /neuve 2/);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});

	test('when the worker’s script cannot load, the lab runs in the page and says why in the console', async () => {
		// No service worker: the request must reach the route below.
		const context = await newContext(site, { serviceWorkers: 'block' });
		await context.route(/\/v86-worker[^/]*\.(?:js|ts)(?:\?.*)?$/, (route) => route.abort());
		const page = await context.newPage();
		const warnings: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'warning') warnings.push(message.text());
		});
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);
		expect(machineWorkers(page)).toEqual([]);
		expect(warnings.some((w) => w.startsWith('Machine du laboratoire lancée dans la page'))).toBe(true);
		await typeCommand(page, 'echo "page $((6*7))"');
		await waitForScreen(page, /page 42/);
		// A check goes through the agent as well.
		await page.locator('.lab-step').nth(1).getByRole('button', { name: 'Vérifier' }).click();
		await expect.poll(() => page.locator('.lab-step').nth(1).getByRole('alert').innerText(), { timeout: 60_000 }).toMatch(/^Pas encore\./);
		await context.close();
	});
});
