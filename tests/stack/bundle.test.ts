/** Le paquet : fichiers attendus, modes, sommes, et octets identiques à chaque génération. */
import { describe, it, expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { sha256 } from '../../src/stack/sha256.ts';
import { exampleBundle, exampleText, configFrom } from './helpers.ts';
import { buildBundle } from '../../src/stack/index.ts';

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

	// #15 point 10 : un secret noté en commentaire du YAML partait dans config/site.yaml.
	it('config/site.yaml réécrit à partir des données : un commentaire (et un secret noté dedans) ne part pas', () => {
		const text = exampleText('apprenant-maison.yaml').replace('site:\n', '# mot de passe root : Hunter2-tres-secret\nsite:\n');
		const bundle = buildBundle(configFrom(text), text);
		const yaml = bundle.files.find((f) => f.path === 'config/site.yaml')?.content ?? '';
		expect(yaml).toContain('nom: labo-maison');
		expect(yaml).not.toContain('# Un PC de récupération');
		for (const f of bundle.files) expect(f.content, f.path).not.toContain('Hunter2-tres-secret');
		// The data is unchanged: reading it back gives the same configuration.
		expect(configFrom(yaml)).toEqual(configFrom(text));
		const env = bundle.files.find((f) => f.path === 'config/site.env')?.content ?? '';
		expect(env).not.toMatch(/MOT_DE_PASSE|PASSWORD|SECRET=/i);
	});

	it('versions.depots : un miroir des dépôts des éditeurs (tests, miroir local), empreinte vérifiée, épinglages gardés', () => {
		const empreinte = '0123456789ABCDEF0123456789ABCDEF01234567';
		const text = `${exampleText('apprenant-maison.yaml')}versions:\n  depots:\n    collabora: { uris: "http://miroir.lan/code-deb", cle: "http://miroir.lan/code.gpg", empreinte: "${empreinte}" }\n`;
		const env = buildBundle(configFrom(text), text).files.find((f) => f.path === 'config/site.env')?.content ?? '';
		expect(env).toContain('AB_COLLABORA_URIS=http://miroir.lan/code-deb');
		expect(env).toContain(`AB_COLLABORA_EMPREINTE=${empreinte}`);
		expect(env).toContain("AB_COLLABORA_EPINGLES='coolwsd=25.04.*'");
		expect(env).toContain('AB_SYNAPSE_URIS=https://packages.matrix.org/debian/');
		expect(() => configFrom(text.replace(empreinte, 'abc'))).toThrow(/40 caractères hexadécimaux/);
	});

	// #15 point 7 : Synapse n'avait pas de .well-known/matrix/server (fédération sur 8448, fermé).
	it('Synapse publie .well-known/matrix/server et client par le mandataire', () => {
		const vhost = exampleBundle('apprenant-maison.yaml').files.find((f) => f.path === 'fichiers/proxy/nginx/clavardage.maison.lan.conf')?.content ?? '';
		expect(vhost).toContain(`location = /.well-known/matrix/server {`);
		expect(vhost).toContain(`return 200 '{"m.server": "clavardage.maison.lan:443"}';`);
		expect(vhost).toContain(`return 200 '{"m.homeserver": {"base_url": "https://clavardage.maison.lan"}}';`);
	});

	it('deux sites d’une grappe ont chacun leur stockage PBS (pbs-<nœud> par défaut)', () => {
		const text = exampleText('cooperative-osbl.yaml').replace('    stockage: pbs-cooperative\n', '');
		expect(configFrom(text).sauvegardes.pbs?.stockage).toBe('pbs-noeud1');
		expect(configFrom(text.replace('  nom: noeud1', '  nom: noeud2')).sauvegardes.pbs?.stockage).toBe('pbs-noeud2');
	});

	it('README en français avec les commandes et les services', () => {
		const readme = paquet.files.find((f) => f.path === 'README.md')?.content ?? '';
		expect(readme).toContain('./deploy.sh plan');
		expect(readme).toContain('https://nuage.maison.lan');
		expect(readme).toContain('déjà en place');
	});
});
