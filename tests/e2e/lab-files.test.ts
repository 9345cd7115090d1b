/**
 * A learner's files survive a reload at any moment (issue #18): real
 * Chromium, the built site, the real guest in its worker, real IndexedDB.
 * Nothing is stood in for.
 */
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';
import { typeCommand, waitForScreen, waitReady, waitStatus } from './lab-helpers.ts';

const LAB = 'terminal';
let site: SiteSession;

beforeAll(async () => {
	site = await openSite();
});
afterAll(async () => site?.close());

/** Whether leaving now would make the browser ask first (the page's beforeunload, as the browser calls it). */
function leavingAsks(page: Page): Promise<boolean> {
	return page.evaluate(() => {
		const event = new Event('beforeunload', { cancelable: true });
		window.dispatchEvent(event);
		return event.defaultPrevented;
	});
}

describe(`files kept as they are written, lab « ${LAB} »`, () => {
	test('written, reloaded at once: there; under /etc with sudo, tab closed and reopened: there; reset: gone', async () => {
		const context = await newContext(site);
		const url = new URL(`labs/${LAB}/`, site.baseUrl).href;
		// A learner asked « leave the page? » leaves: the test says yes at once, the worst case.
		const leave = (dialog: Dialog) => void dialog.accept();
		let page = await context.newPage();
		page.on('dialog', leave);
		const watch = watchPage(page, site.baseUrl);
		await page.goto(url);
		await waitReady(page);

		await typeCommand(page, 'echo garde > ~/f.txt && echo "# ligne-$((1+1))" >> ~/.bashrc && echo "ecrit-$((2+3))"');
		await waitForScreen(page, /^ecrit-5$/m);
		await page.reload();
		await waitReady(page);
		await waitStatus(page, /Tes fichiers sont revenus/);
		// Typed the instant the prompt shows: ~/.bashrc, which the guest had read (and cached) when the
		// image's snapshot was taken, is read as the journal put it back (the worker holds Enter until the
		// guest's caches are dropped), not as the snapshot's stale copy.
		await typeCommand(page, 'tail -n 1 ~/.bashrc; cat ~/f.txt');
		await waitForScreen(page, /^# ligne-2\ngarde$/m);

		// While a large file is being written the browser asks before leaving; once it is stored, it no longer does.
		await typeCommand(page, 'head -c 3000000 /dev/zero | tr "\\0" x > ~/gros.txt; echo "fini-$((3+3))"');
		await expect.poll(() => leavingAsks(page), { timeout: 30_000, interval: 20 }).toBe(true);
		await waitForScreen(page, /^fini-6$/m);
		await expect.poll(() => leavingAsks(page), { timeout: 10_000 }).toBe(false);

		await typeCommand(page, 'echo labo | sudo tee /etc/labo.conf > /dev/null && echo "ecrit-$((3+4))"');
		await waitForScreen(page, /^ecrit-7$/m);
		await page.close({ runBeforeUnload: true });
		await expect.poll(() => page.isClosed()).toBe(true);

		page = await context.newPage();
		page.on('dialog', leave);
		const again = watchPage(page, site.baseUrl);
		await page.goto(url);
		await waitReady(page);
		await typeCommand(page, 'cat /etc/labo.conf ~/f.txt; wc -c < ~/gros.txt');
		await waitForScreen(page, /^labo\ngarde\n3000000$/m);

		// Reset: a clean machine, and the kept files are gone with it, after a reload too.
		await page.getByRole('button', { name: 'Réinitialiser' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Oui, tout effacer' }).click();
		await waitStatus(page, /réinitialisé/, 90_000);
		await page.reload();
		await waitReady(page);
		await typeCommand(page, 'for f in ~/f.txt /etc/labo.conf; do test -e $f || echo "absent-$((1+1))"; done');
		await waitForScreen(page, /^absent-2\nabsent-2$/m);

		expect([...watch.foreignRequests, ...again.foreignRequests]).toEqual([]);
		expect([...watch.consoleErrors, ...again.consoleErrors]).toEqual([]);
		await context.close();
	});

	test('files kept for an older image: the learner is told, the machine starts clean, the old files are gone', async () => {
		const context = await newContext(site);
		const page = await context.newPage();
		const watch = watchPage(page, site.baseUrl);
		// Kept by an earlier version of the site, whose image was another one.
		await page.goto(new URL('a-propos/', site.baseUrl).href);
		await page.evaluate(async (lab) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open('alliance-boreale', 2);
				open.onupgradeneeded = () => {
					open.result.createObjectStore('machines');
					open.result.createObjectStore('fichiers');
				};
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const tx = db.transaction('fichiers', 'readwrite');
			const meta = { mode: 0o100644, uid: 1000, gid: 1000, mtime: 1, atime: 1, ctime: 1 };
			tx.objectStore('fichiers').put({ kind: 'head', imageHash: 'une-ancienne-image', prepared: true, changedAt: Date.now() }, [lab, '']);
			tx.objectStore('fichiers').put({ ...meta, kind: 'file', path: '/home/eleve/ancien.txt', at: 1, size: 3, data: new TextEncoder().encode('old') }, [lab, '/home/eleve/ancien.txt']);
			await new Promise((done) => (tx.oncomplete = done));
			db.close();
		}, LAB);
		await page.goto(new URL(`labs/${LAB}/`, site.baseUrl).href);
		await waitReady(page);
		await waitStatus(page, /mis à jour depuis ta dernière visite/);
		await typeCommand(page, 'test -e ~/ancien.txt || echo "absent-$((1+1))"');
		await waitForScreen(page, /^absent-2$/m);
		const left = await page.evaluate(async (lab) => {
			const db = await new Promise<IDBDatabase>((resolve) => {
				const open = indexedDB.open('alliance-boreale');
				open.onsuccess = () => resolve(open.result);
			});
			const found = await new Promise<unknown>((resolve) => {
				const get = db.transaction('fichiers').objectStore('fichiers').get([lab, '/home/eleve/ancien.txt']);
				get.onsuccess = () => resolve(get.result);
			});
			db.close();
			return found ?? null;
		}, LAB);
		expect(left).toBeNull();
		expect(watch.foreignRequests).toEqual([]);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	});
});
