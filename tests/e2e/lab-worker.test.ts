/**
 * Where a lab's v86 runs (src/machine/browser/v86-runtime.ts): in a worker of its own,
 * so that the page's main thread stays free for typing and scrolling while
 * the guest computes, restores or saves (bench/results/lab-browser.md); in
 * the page itself when that worker cannot start (an old browser, a blocked
 * script).
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jitThresholdOffset, LAB_JIT_THRESHOLD } from '../../src/machine/v86/jit-threshold.ts';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';
import { typeCommand, waitForScreen, waitReady, waitStatus } from './lab-helpers.ts';

const LAB = 'terminal';
let site: SiteSession;

beforeAll(async () => {
	site = await openSite();
});
afterAll(async () => site?.close());

const machineWorkers = (page: Page): Worker[] => page.workers().filter((w) => /\/v86-worker[^/]*\.(?:js|ts)/.test(w.url()));

interface WorkerLog {
	__workers: { created: number; terminated: number[] };
}

/** Installed before the page's scripts: which workers the page creates (1, 2…) and which it terminates. */
function countWorkers(): void {
	const log: WorkerLog['__workers'] = { created: 0, terminated: [] };
	(window as unknown as WorkerLog).__workers = log;
	const Native = window.Worker;
	window.Worker = class extends Native {
		readonly #number = ++log.created;
		terminate(): void {
			log.terminated.push(this.#number);
			super.terminate();
		}
	};
}

describe('lab machine thread', () => {
	test('v86 runs in a worker of the lab page; « Réinitialiser » stops it and starts a new one', async () => {
		const context = await newContext(site);
		await context.addInitScript(countWorkers);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);
		const [first] = machineWorkers(page);
		expect(machineWorkers(page)).toHaveLength(1);
		// The v86.wasm it compiled has the labs' JIT threshold (src/integrations/v86-wasm.ts).
		const wasm = await first.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((url) => /\.wasm(?:\?|$)/.test(url)));
		expect(wasm).toHaveLength(1);
		const served = new Uint8Array(await (await fetch(wasm[0]!)).arrayBuffer());
		expect(jitThresholdOffset(served, LAB_JIT_THRESHOLD)).toBeGreaterThan(0);
		await typeCommand(page, 'echo "fil $((20+22))"');
		await waitForScreen(page, /fil 42/);

		await page.getByRole('button', { name: 'Réinitialiser' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Oui, tout effacer' }).click();
		await waitStatus(page, /réinitialisé/, 90_000);
		// The page stopped the first worker and made a second one…
		expect(await page.evaluate(() => (window as unknown as WorkerLog).__workers)).toEqual({ created: 2, terminated: [1] });
		const current = machineWorkers(page).filter((worker) => worker !== first);
		expect(current).toHaveLength(1);
		// …and the first one runs no more script. (Chromium sometimes keeps a
		// terminated worker in its DevTools list, mute, without a `close`.)
		const answer = await Promise.race([first.evaluate(() => 'vivant'), page.waitForTimeout(3000).then(() => 'muet')]).catch(() => 'fermé');
		expect(answer).not.toBe('vivant');
		await typeCommand(page, 'echo "neuve $((1+1))"');
		await waitForScreen(page, /neuve 2/);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	}, 240_000); // two starts, each allowed 100 s by waitReady / waitStatus

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

	test('the worker reads the image ahead; on the next visit its state comes from Cache Storage, with no request', async () => {
		const context = await newContext(site);
		const stateRequests: string[] = [];
		context.on('request', (request) => {
			if (/\/vm\/[^/]+\/state-[0-9a-f]+\.bin\.zst$/.test(request.url())) stateRequests.push(request.url());
		});
		const visit = async () => {
			const page = await context.newPage();
			await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
			await waitReady(page);
			const [worker] = machineWorkers(page);
			const marks = await worker.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
			await typeCommand(page, 'echo "revenu $((40+2))"');
			await waitForScreen(page, /revenu 42/);
			await page.close();
			return marks;
		};
		// First visit: downloaded once (no service worker controls the page yet), and kept.
		expect(await visit()).toEqual(expect.arrayContaining(['labo:lecture-demandee', 'labo:etat-lu', 'labo:machine-restauree']));
		expect(stateRequests).toHaveLength(1);
		const home = await context.newPage();
		await home.goto(site.baseUrl);
		const stored = await home.evaluate(async (url) => (await caches.match(url))?.headers.get('content-length'), stateRequests[0]);
		expect(Number(stored)).toBeGreaterThan(1_000_000);
		await home.close();
		// Second visit: read from Cache Storage by the worker itself.
		await visit();
		expect(stateRequests).toHaveLength(1);
		await context.close();
	});

	// Whether the worker or the page reads IndexedDB first depends on the machine's load;
	// either way the worker unpacks the saved machine and never reads the image's state.
	test('resuming a saved machine: the worker unpacks the saved one, and never reads the image’s state', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);
		await typeCommand(page, 'echo gardee > ~/garde.txt');
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await waitStatus(page, /Machine enregistrée/, 60_000);
		await page.reload();
		await waitReady(page);
		expect(await page.locator('.lab__status').innerText()).toMatch(/restaurée/);
		const [worker] = machineWorkers(page);
		const marks = await worker.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
		expect(marks).toContain('labo:enregistrement-lu');
		expect(marks).not.toContain('labo:etat-lu');
		await typeCommand(page, 'cat ~/garde.txt');
		await waitForScreen(page, /^gardee$/m);
		await context.close();
	});
});
