/**
 * Le Configurateur dans Chromium : validation en direct, en français, et une
 * archive construite dans le navigateur dont les fichiers (contenu et mode)
 * sont ceux que la CLI écrit pour la même configuration.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.ts';
import { newContext, openSite, watchPage, type SiteSession } from './harness.ts';
import { readConfig, buildBundle } from '../../src/stack/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'src', 'stack', 'exemples', 'cooperative-osbl.yaml');
/** Actions of the example's plan, computed by the generator (never written by hand). */
const exampleActions = (() => {
	const text = readFileSync(EXAMPLE, 'utf8');
	const r = readConfig(text);
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return buildBundle(r.config, text).plan.actions.length;
})();

let site: SiteSession;
beforeAll(async () => {
	site = await openSite();
});
afterAll(async () => site?.close());

/** Unix modes of a zip's entries, read in the central directory (external attributes, os = 3). */
function zipModes(zip: Uint8Array): Record<string, number> {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const modes: Record<string, number> = {};
	for (let i = 0; i + 46 <= zip.length; i++) {
		if (view.getUint32(i, true) !== 0x02014b50) continue;
		const nameLength = view.getUint16(i + 28, true);
		const name = strFromU8(zip.subarray(i + 46, i + 46 + nameLength));
		modes[name] = (view.getUint32(i + 38, true) >>> 16) & 0o777;
		i += 45 + nameLength;
	}
	return modes;
}

function filesOf(dir: string): Record<string, { content: string; mode: number }> {
	const r: Record<string, { content: string; mode: number }> = {};
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const p = join(d, name);
			if (statSync(p).isDirectory()) walk(p);
			else r[relative(dir, p)] = { content: readFileSync(p, 'utf8'), mode: statSync(p).mode & 0o777 };
		}
	};
	walk(dir);
	return r;
}

async function openConfigurateur(): Promise<{ page: Page; watch: ReturnType<typeof watchPage> }> {
	const context = await newContext(site, { acceptDownloads: true });
	const page = await context.newPage();
	const watch = watchPage(page, site.baseUrl);
	await page.goto(new URL('/deployer/configurateur/', site.baseUrl).href, { waitUntil: 'load' });
	await page.waitForFunction(() => document.querySelector('[data-status]')?.textContent?.includes('Configuration valide'));
	return { page, watch };
}

describe('Configurateur', () => {
	test('validation en direct : le champ fautif est nommé, marqué et le téléchargement bloqué', async () => {
		const { page, watch } = await openConfigurateur();
		expect(await page.isDisabled('[data-download]')).toBe(false);

		await page.fill('#ab-svc-nextcloud-memoire', '999999');
		const erreurs = page.locator('[data-errors] li');
		await expect.poll(() => erreurs.allTextContents()).toEqual(
			expect.arrayContaining([expect.stringMatching(/^services\[1\]\.memoire\u00a0: 999999 Mio dépasse la mémoire de l’hôte \(16384 Mio\)/)]),
		);
		expect(await page.getAttribute('#ab-svc-nextcloud-memoire', 'aria-invalid')).toBe('true');
		expect(await page.isDisabled('[data-download]')).toBe(true);
		expect(await page.textContent('[data-status]')).toMatch(/à corriger/);

		await page.fill('#ab-svc-nextcloud-memoire', '2048');
		await page.fill('#ab-site-nom', 'Mon Site');
		await expect.poll(() => erreurs.allTextContents()).toEqual([expect.stringMatching(/^site\.nom\u00a0: «\u00a0Mon Site\u00a0» n’est pas une étiquette DNS valide/)]);
		expect(await page.getAttribute('#ab-site-nom', 'aria-invalid')).toBe('true');

		await page.fill('#ab-site-nom', 'mon-site');
		await page.uncheck('#ab-svc-proxy');
		await expect.poll(() => erreurs.allTextContents()).toEqual([expect.stringContaining('un service «\u00a0proxy\u00a0» est nécessaire')]);
		await page.check('#ab-svc-proxy');
		await page.waitForFunction(() => document.querySelector('[data-status]')?.textContent?.includes('Configuration valide'));
		expect(await page.textContent('[data-yaml]')).toContain('nom: mon-site');
		expect(watch.consoleErrors).toEqual([]);
		expect(watch.foreignRequests).toEqual([]);
	});

	test('l’archive construite dans le navigateur contient exactement les fichiers de la CLI', async () => {
		const { page, watch } = await openConfigurateur();
		await page.setInputFiles('#ab-import', EXAMPLE);
		await page.waitForFunction(() => document.querySelector('[data-status]')?.textContent?.includes('importé'));
		expect(await page.textContent('[data-plan-title]')).toBe(`Lire le plan (${exampleActions} actions)`);

		const [telechargement] = await Promise.all([page.waitForEvent('download'), page.click('[data-download]')]);
		expect(telechargement.suggestedFilename()).toBe('alliance-boreale-osbl-entraide.zip');
		const zip = new Uint8Array(readFileSync(await telechargement.path()));
		const entrees = unzipSync(zip);
		const modes = zipModes(zip);

		const sortie = join(mkdtempSync(join(tmpdir(), 'ab-e2e-')), 'paquet');
		const node = join(ROOT, 'node_modules', '.bin', 'node');
		const cli = spawnSync(node, [join(ROOT, 'scripts', 'stack.ts'), 'bundle', '--config', EXAMPLE, '--out', sortie], { encoding: 'utf8' });
		expect(cli.status, cli.stderr).toBe(0);
		const expected = filesOf(sortie);

		const duNavigateur = Object.fromEntries(Object.entries(entrees).map(([nom, octets]) => [nom.replace(/^osbl-entraide\//, ''), { content: strFromU8(octets), mode: modes[nom] }]));
		expect(Object.keys(duNavigateur).sort()).toEqual(Object.keys(expected).sort());
		for (const [chemin, f] of Object.entries(expected)) {
			expect(duNavigateur[chemin].content, chemin).toBe(f.content);
			expect(duNavigateur[chemin].mode, chemin).toBe(f.mode);
		}
		expect(watch.consoleErrors).toEqual([]);
		expect(watch.foreignRequests).toEqual([]);
	});

	test.each(['dark', 'light'] as const)('les pages « Déployer » passent axe (WCAG 2.2 AA) en thème %s et tiennent sur 360 px', async (theme) => {
		const context = await newContext(site);
		await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
		const problemes: string[] = [];
		for (const chemin of ['/deployer/', '/deployer/configurateur/', '/deployer/services/', '/deployer/cooperative/']) {
			const page = await context.newPage();
			await page.goto(new URL(chemin, site.baseUrl).href, { waitUntil: 'load' });
			for (const v of await axeViolations(page)) problemes.push(`${chemin} ${v.id} (${v.impact})`);
			await page.setViewportSize({ width: 360, height: 740 });
			const largeur = await page.evaluate(() => document.documentElement.scrollWidth);
			if (largeur > 360) problemes.push(`${chemin} : ${largeur} px de large`);
			await page.close();
		}
		await context.close();
		expect(problemes).toEqual([]);
	});
});
