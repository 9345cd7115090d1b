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

const RACINE = join(import.meta.dirname, '..', '..');
const EXEMPLE = join(RACINE, 'src', 'stack', 'exemples', 'cooperative-osbl.yaml');

let site: SiteSession;
beforeAll(async () => {
	site = await openSite();
});
afterAll(async () => site?.close());

/** Modes Unix des entrées d'un zip, lus dans le répertoire central (attributs externes, os = 3). */
function modesZip(zip: Uint8Array): Record<string, number> {
	const vue = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const modes: Record<string, number> = {};
	for (let i = 0; i + 46 <= zip.length; i++) {
		if (vue.getUint32(i, true) !== 0x02014b50) continue;
		const longueurNom = vue.getUint16(i + 28, true);
		const nom = strFromU8(zip.subarray(i + 46, i + 46 + longueurNom));
		modes[nom] = (vue.getUint32(i + 38, true) >>> 16) & 0o777;
		i += 45 + longueurNom;
	}
	return modes;
}

function fichiersDe(dossier: string): Record<string, { contenu: string; mode: number }> {
	const r: Record<string, { contenu: string; mode: number }> = {};
	const parcourir = (d: string) => {
		for (const nom of readdirSync(d)) {
			const p = join(d, nom);
			if (statSync(p).isDirectory()) parcourir(p);
			else r[relative(dossier, p)] = { contenu: readFileSync(p, 'utf8'), mode: statSync(p).mode & 0o777 };
		}
	};
	parcourir(dossier);
	return r;
}

async function ouvrir(): Promise<{ page: Page; watch: ReturnType<typeof watchPage> }> {
	const context = await newContext(site, { acceptDownloads: true });
	const page = await context.newPage();
	const watch = watchPage(page, site.baseUrl);
	await page.goto(new URL('/deployer/configurateur/', site.baseUrl).href, { waitUntil: 'load' });
	await page.waitForFunction(() => document.querySelector('[data-etat]')?.textContent?.includes('Configuration valide'));
	return { page, watch };
}

describe('Configurateur', () => {
	test('validation en direct : le champ fautif est nommé, marqué et le téléchargement bloqué', async () => {
		const { page, watch } = await ouvrir();
		expect(await page.isDisabled('[data-telecharger]')).toBe(false);

		await page.fill('#ab-svc-nextcloud-memoire', '999999');
		const erreurs = page.locator('[data-erreurs] li');
		await expect.poll(() => erreurs.allTextContents()).toEqual(
			expect.arrayContaining([expect.stringMatching(/^services\[1\]\.memoire\u00a0: 999999 Mio dépasse la mémoire de l’hôte \(16384 Mio\)/)]),
		);
		expect(await page.getAttribute('#ab-svc-nextcloud-memoire', 'aria-invalid')).toBe('true');
		expect(await page.isDisabled('[data-telecharger]')).toBe(true);
		expect(await page.textContent('[data-etat]')).toMatch(/à corriger/);

		await page.fill('#ab-svc-nextcloud-memoire', '2048');
		await page.fill('#ab-site-nom', 'Mon Site');
		await expect.poll(() => erreurs.allTextContents()).toEqual([expect.stringMatching(/^site\.nom\u00a0: «\u00a0Mon Site\u00a0» n’est pas une étiquette DNS valide/)]);
		expect(await page.getAttribute('#ab-site-nom', 'aria-invalid')).toBe('true');

		await page.fill('#ab-site-nom', 'mon-site');
		await page.uncheck('#ab-svc-proxy');
		await expect.poll(() => erreurs.allTextContents()).toEqual([expect.stringContaining('un service «\u00a0proxy\u00a0» est nécessaire')]);
		await page.check('#ab-svc-proxy');
		await page.waitForFunction(() => document.querySelector('[data-etat]')?.textContent?.includes('Configuration valide'));
		expect(await page.textContent('[data-yaml]')).toContain('nom: mon-site');
		expect(watch.consoleErrors).toEqual([]);
		expect(watch.foreignRequests).toEqual([]);
	});

	test('l’archive construite dans le navigateur contient exactement les fichiers de la CLI', async () => {
		const { page, watch } = await ouvrir();
		await page.setInputFiles('#ab-import', EXEMPLE);
		await page.waitForFunction(() => document.querySelector('[data-etat]')?.textContent?.includes('importé'));
		expect(await page.textContent('[data-plan-titre]')).toBe('Lire le plan (46 actions)');

		const [telechargement] = await Promise.all([page.waitForEvent('download'), page.click('[data-telecharger]')]);
		expect(telechargement.suggestedFilename()).toBe('alliance-boreale-osbl-entraide.zip');
		const zip = new Uint8Array(readFileSync(await telechargement.path()));
		const entrees = unzipSync(zip);
		const modes = modesZip(zip);

		const sortie = join(mkdtempSync(join(tmpdir(), 'ab-e2e-')), 'paquet');
		const node = join(RACINE, 'node_modules', '.bin', 'node');
		const cli = spawnSync(node, [join(RACINE, 'scripts', 'stack.ts'), 'bundle', '--config', EXEMPLE, '--out', sortie], { encoding: 'utf8' });
		expect(cli.status, cli.stderr).toBe(0);
		const attendus = fichiersDe(sortie);

		const duNavigateur = Object.fromEntries(Object.entries(entrees).map(([nom, octets]) => [nom.replace(/^osbl-entraide\//, ''), { contenu: strFromU8(octets), mode: modes[nom] }]));
		expect(Object.keys(duNavigateur).sort()).toEqual(Object.keys(attendus).sort());
		for (const [chemin, f] of Object.entries(attendus)) {
			expect(duNavigateur[chemin].contenu, chemin).toBe(f.contenu);
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
