/** Le paquet : fichiers attendus, modes, sommes, et octets identiques à chaque génération. */
import { describe, it, expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { sha256 } from '../../src/stack/sha256.ts';
import { exampleBundle } from './helpers.ts';

describe('SHA-256 en TypeScript pur', () => {
	it.each([0, 1, 55, 56, 63, 64, 65, 1000, 100_000])('%i octets : identique à node:crypto', (n) => {
		const octets = new Uint8Array(randomBytes(n));
		expect(sha256(octets)).toBe(createHash('sha256').update(octets).digest('hex'));
	});
	it('texte UTF-8', () => {
		expect(sha256('Alliance Boréale — « déjà en place »')).toBe(createHash('sha256').update('Alliance Boréale — « déjà en place »').digest('hex'));
	});
});

describe('contenu du paquet', () => {
	const paquet = exampleBundle('apprenant-maison.yaml');
	const chemins = paquet.files.map((f) => f.path);

	it('deploy.sh, lib/, un script par service, la config, le README, SHA256SUMS', () => {
		for (const p of ['deploy.sh', 'lib/commun.sh', 'lib/hote.sh', 'lib/plan.sh', 'config/site.yaml', 'config/site.env', 'README.md', 'PLAN.txt', 'plan.json', 'SHA256SUMS']) expect(chemins).toContain(p);
		for (const s of ['proxy', 'nextcloud', 'collabora', 'synapse', 'jitsi']) expect(chemins).toContain(`services/${s}.sh`);
	});

	it('scripts exécutables, le reste en 0644', () => {
		for (const f of paquet.files) expect(f.mode, f.path).toBe(f.path === 'deploy.sh' || f.path.startsWith('services/') ? '0755' : '0644');
	});

	it('SHA256SUMS couvre chaque autre fichier avec la bonne somme', () => {
		const sommes = paquet.files.find((f) => f.path === 'SHA256SUMS')?.content ?? '';
		const lignes = sommes.trim().split('\n');
		expect(lignes).toHaveLength(paquet.files.length - 1);
		for (const l of lignes) {
			const [somme, chemin] = l.split('  ');
			const f = paquet.files.find((x) => x.path === chemin);
			expect(createHash('sha256').update(f?.content ?? '').digest('hex'), chemin).toBe(somme);
		}
	});

	it('le paquet reste petit (moins de 300 Kio, aucun fichier de plus de 40 Kio)', () => {
		const tailles = paquet.files.map((f) => [f.path, new TextEncoder().encode(f.content).length] as const);
		expect(tailles.reduce((t, [, n]) => t + n, 0)).toBeLessThan(300 * 1024);
		for (const [chemin, n] of tailles) expect(n, chemin).toBeLessThan(40 * 1024);
	});

	it('deux générations donnent les mêmes octets', () => {
		expect(exampleBundle('apprenant-maison.yaml')).toEqual(paquet);
	});

	it('la config d’origine est gardée telle quelle, et aucun secret n’est dans le paquet', () => {
		expect(paquet.files.find((f) => f.path === 'config/site.yaml')?.content).toContain('# Un PC de récupération');
		const env = paquet.files.find((f) => f.path === 'config/site.env')?.content ?? '';
		expect(env).not.toMatch(/MOT_DE_PASSE|PASSWORD|SECRET=/i);
	});

	it('README en français avec les commandes et les services', () => {
		const readme = paquet.files.find((f) => f.path === 'README.md')?.content ?? '';
		expect(readme).toContain('./deploy.sh plan');
		expect(readme).toContain('https://nuage.maison.lan');
		expect(readme).toContain('déjà en place');
	});
});
