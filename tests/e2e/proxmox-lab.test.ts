import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClientLab } from '../../src/labs/client-lab.ts';
import { fetchLab, openLabPage, openSite, type SiteSession } from './harness.ts';
import { labSituation, typeCommand, waitForScreen } from './lab-helpers.ts';

/**
 * The Proxmox lab in Debian's Chromium, on the built site: the image
 * « proxmox » restored in the page, a real LXC container created and started
 * from the terminal with the lab's pct (a teaching stand-in for Proxmox's,
 * see content-fr/labs/commandes-proxmox.mdx), and « Vérifier » passing.
 */
const LAB = 'pve-conteneurs';
let site: SiteSession;
let lab: ClientLab;

beforeAll(async () => {
	site = await openSite();
	lab = await fetchLab(site, LAB);
});
afterAll(async () => site?.close());

describe(`lab « ${LAB} » in Chromium`, () => {
	test('downloads the template, creates and starts container 101 from the terminal, and passes « Vérifier »', async () => {
		const { context, page, watch } = await openLabPage(site, LAB);
		// The Proxmox image's node is « pve »: its prompt is eleve@pve (waitReady expects eleve@labo).
		try {
			await page.locator('boreale-lab[data-state="ready"]').waitFor({ timeout: 100_000 });
		} catch (error) {
			throw new Error(`labo pas prêt : ${await labSituation(page)}`, { cause: error });
		}
		await waitForScreen(page, /eleve@pve:~\$/);

		// Steps 1 to 3 by their solutions, typed in the terminal one command at a time, each
		// followed on its line by a marker the shell computes (the typed line itself does not
		// match it), waited for before the next: nothing is typed ahead, since `pct exec`, as
		// lxc-attach on a real host, hands the terminal's input to the container's command.
		// « Vérifier » after each step.
		let done = 100;
		for (const index of [0, 1, 2]) {
			for (const line of lab.steps[index].solutionCommands!.trim().split('\n')) {
				done += 1;
				await typeCommand(page, `${line}; echo "fait-$((${done - 1} + 1))"`);
				await waitForScreen(page, new RegExp(`^fait-${done}$`, 'm'), 180_000);
			}
			const step = page.locator('.lab-step').nth(index);
			await step.getByRole('button', { name: 'Vérifier' }).click();
			await expect.poll(() => step.getByRole('alert').innerText(), { timeout: 60_000 }).toMatch(/Étape réussie/);
		}
		// The container answers from inside, in the learner's terminal.
		await typeCommand(page, 'pct exec 101 -- cat /etc/hostname');
		await waitForScreen(page, /^web$/m);

		expect(watch.foreignRequests).toEqual([]);
		expect(watch.consoleErrors).toEqual([]);
		await context.close();
	}, 600_000);
});
