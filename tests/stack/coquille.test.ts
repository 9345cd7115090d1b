/**
 * Les scripts du paquet : shellcheck sans exception, puis la suite bats qui
 * les exécute contre des doublures enregistreuses (tests/stack/bin).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { lancer, ecrirePaquet, paquetExemple, preparerBanc } from './outils.ts';

const EXEMPLES = ['apprenant-maison.yaml', 'cooperative-osbl.yaml'];

describe('shellcheck sur chaque script d’un paquet généré', () => {
	it.each(EXEMPLES)('%s', (nom) => {
		const dossier = mkdtempSync(join(tmpdir(), 'ab-sc-'));
		const paquet = paquetExemple(nom);
		ecrirePaquet(dossier, paquet);
		const scripts = paquet.fichiers.map((f) => f.chemin).filter((p) => p.endsWith('.sh') || p === 'config/site.env');
		expect(scripts.length).toBeGreaterThanOrEqual(8);
		// -x suit les « source » ; aucune directive « disable » n'existe dans les sources.
		const r = lancer('shellcheck', ['-x', '--severity=style', ...scripts], { cwd: dossier });
		expect(r.sortie).toBe('');
		expect(r.code).toBe(0);
	}, 120_000);

	it('aucune désactivation globale de shellcheck dans le paquet', () => {
		const paquet = paquetExemple('apprenant-maison.yaml');
		for (const f of paquet.fichiers) expect(f.contenu, f.chemin).not.toMatch(/shellcheck disable/);
	});

	it('les doublures de test elles-mêmes', () => {
		const r = lancer('shellcheck', ['--severity=style', join(import.meta.dirname, 'bin', 'enregistreur')]);
		expect(r.sortie).toBe('');
	}, 30_000);
});

describe('bats : le paquet contre des doublures de pct, pveam, pvesh, apt-get, systemctl', () => {
	let banc: ReturnType<typeof preparerBanc>;
	beforeAll(() => {
		banc = preparerBanc();
	});

	it('toutes les épreuves passent', () => {
		const fichier = join(import.meta.dirname, 'deploy.bats');
		const r = lancer('bats', ['--tap', fichier], {
			env: { ...process.env, AB_TEST_PAQUET: banc.dossier, AB_TEST_TELECHARGEMENTS: banc.telechargements },
		});
		const attendu = (readFileSync(fichier, 'utf8').match(/^@test /gm) ?? []).length;
		expect(r.sortie, r.sortie).not.toMatch(/^not ok/m);
		expect((r.sortie.match(/^ok /gm) ?? []).length).toBe(attendu);
		expect(r.code).toBe(0);
	}, 300_000);
});
