/** Le schéma du fichier de site : cas valides, et refus en français qui nomment le champ. */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readConfig, validateConfig, jsonSchema } from '../../src/stack/index.ts';
import { EXAMPLES, REPO_ROOT, plainSpaces } from './helpers.ts';

const base = () => parse(readFileSync(join(EXAMPLES, 'apprenant-maison.yaml'), 'utf8'));

function erreurs(modifier: (c: any) => void) {
	const c = base();
	modifier(c);
	const r = validateConfig(c);
	if (r.ok) throw new Error('configuration acceptée à tort');
	return r.errors;
}

describe('configurations valides', () => {
	it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')))('exemple %s', (f) => {
		const r = readConfig(readFileSync(join(EXAMPLES, f), 'utf8'));
		expect(r.ok ? [] : r.errors).toEqual([]);
	});

	it('les valeurs par défaut sont appliquées (ressources, stockage, sauvegardes, pont, pare-feu)', () => {
		const r = validateConfig(base());
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		const c = r.config;
		expect(c.stockage).toEqual({ conteneurs: 'auto', modeles: 'local', sauvegardes: 'local' });
		expect(c.hote.pont).toBe('vmbr0');
		expect(c.sauvegardes.conservation).toEqual({ quotidiennes: 7, hebdomadaires: 4, mensuelles: 6 });
		expect(c.services[0]).toMatchObject({ service: 'proxy', coeurs: 1, memoire: 512, disque: 4, ip: '192.168.1.20', fqdn: 'proxy.maison.lan' });
		expect(c.pare_feu.admin).toEqual(['192.168.1.0/24']);
	});

	it('un site minimal (proxy + Nextcloud, ACME) passe', () => {
		const c = base();
		c.services = c.services.slice(0, 2);
		c.tls = { mode: 'acme', courriel: 'moi@maison.lan' };
		expect(validateConfig(c).ok).toBe(true);
	});
});

describe('configurations refusées', () => {
	it.each([
		['adresse invalide', (c: any) => (c.services[1].adresse = '192.168.1.300/24'), 'services[1].adresse', /n’est pas une adresse IPv4 avec préfixe valide/],
		['adresse hors du réseau de l’hôte', (c: any) => (c.services[1].adresse = '10.0.0.5/24'), 'services[1].adresse', /doit être dans le réseau de l’hôte \(192\.168\.1\.10\/24\)/],
		['passerelle hors réseau', (c: any) => (c.hote.passerelle = '10.0.0.1'), 'hote.passerelle', /n’est pas dans le réseau/],
		['service inconnu', (c: any) => (c.services[2].service = 'owncloud'), 'services[2].service', /service inconnu « owncloud » ; valeurs acceptées : proxy, nextcloud, collabora, synapse, jitsi/],
		['identifiant de conteneur en double', (c: any) => (c.services[3].id = 101), 'services[3].id', /« 101 » est déjà utilisé par services\[1\]/],
		['nom d’hôte qui n’est pas une étiquette DNS', (c: any) => (c.services[1].nom = 'Mon_Nuage'), 'services[1].nom', /n’est pas une étiquette DNS valide : 1 à 63 caractères parmi a-z, 0-9 et « - »/],
		['nom d’hôte commençant par un tiret', (c: any) => (c.hote.nom = '-pve'), 'hote.nom', /étiquette DNS/],
		['mémoire plus grande que l’hôte', (c: any) => (c.services[2].memoire = 65536), 'services[2].memoire', /65536 Mio dépasse la mémoire de l’hôte \(16384 Mio\) ; valeurs acceptées : de 1024 à 16384 Mio/],
		['somme des mémoires trop grande', (c: any) => (c.hote.memoire = 8192), 'services', /il faut 11264 Mio, l’hôte en a 8192/],
		['version de Debian inconnue', (c: any) => (c.hote.debian = 11), 'hote.debian', /valeurs acceptées : 13 \(Proxmox VE 9\) ou 12 \(Proxmox VE 8, hôte existant seulement\)/],
		['mode TLS inconnu', (c: any) => (c.tls.mode = 'manuel'), 'tls.mode', /valeurs acceptées : acme, interne/],
		['ACME sans courriel', (c: any) => (c.tls = { mode: 'acme' }), 'tls.courriel', /obligatoire en mode acme/],
		['champ inconnu', (c: any) => (c.services[0].ram = 512), 'services[0]', /champ inconnu « ram » ; champs acceptés : service, id, nom, adresse, coeurs, memoire, disque/],
		['champ obligatoire manquant', (c: any) => delete c.site.domaine, 'site.domaine', /champ obligatoire manquant/],
		['clé SSH invalide', (c: any) => (c.ssh.cles = ['pas une clé']), 'ssh.cles[0]', /clé publique OpenSSH attendue/],
		['Collabora sans Nextcloud', (c: any) => (c.services = c.services.filter((s: any) => s.service !== 'nextcloud')), 'services', /ajoute un service « nextcloud »/],
		['pas de proxy', (c: any) => (c.services = c.services.filter((s: any) => s.service !== 'proxy')), 'services', /un service « proxy » est nécessaire/],
		['identifiant de conteneur trop petit', (c: any) => (c.services[0].id = 99), 'services[0].id', /de 100 à 999999999/],
		['VLAN hors limites', (c: any) => (c.hote.vlan = 5000), 'hote.vlan', /de 1 à 4094/],
		['rejoindre un cluster sans pair', (c: any) => (c.cluster = { nom: 'coop', role: 'rejoindre' }), 'cluster.pair', /obligatoire pour rejoindre/],
		['fuseau horaire invalide', (c: any) => (c.site.fuseau = 'heure de l’Est'), 'site.fuseau', /fuseau horaire IANA/],
		['somme sha256 mal formée', (c: any) => (c.versions = { nextcloud: { url: 'https://miroir.lan/nc.tar.bz2', sha256: 'abc' } }), 'versions.nextcloud.sha256', /64 caractères hexadécimaux/],
	])('%s', (_titre, modifier, chemin, message) => {
		const e = erreurs(modifier);
		const trouve = e.find((x) => x.path === chemin);
		expect(trouve, JSON.stringify(e, null, 1)).toBeDefined();
		expect(plainSpaces(trouve?.message ?? '')).toMatch(message);
	});

	it('typographie française : espace fine insécable avant « ; », insécable dans les guillemets', () => {
		const e = erreurs((c) => (c.services[2].service = 'owncloud'));
		expect(e[0].message).toBe('service inconnu «\u00a0owncloud\u00a0»\u202f; valeurs acceptées\u00a0: proxy, nextcloud, collabora, synapse, jitsi');
	});

	// #15 point 11 : les erreurs de forme et de cohérence arrivaient en deux passes.
	it('une seule passe : erreurs de forme et de cohérence ensemble', () => {
		// A wrong type (not only a wrong value) used to stop zod before the cross-field rules.
		const e = erreurs((c) => {
			c.services[1].memoire = 'beaucoup';
			c.services[3].id = 100;
			c.services[2].adresse = '10.0.0.5/24';
		});
		const paths = e.map((x) => x.path);
		expect(paths).toEqual(expect.arrayContaining(['services[1].memoire', 'services[3].id', 'services[2].adresse']));
		expect(plainSpaces(e.find((x) => x.path === 'services[3].id')?.message ?? '')).toMatch(/« 100 » est déjà utilisé par services\[0\]/);
	});

	it('un conteneur sur l’adresse de la passerelle est refusé', () => {
		const e = erreurs((c) => (c.services[2].adresse = '192.168.1.1/24'));
		expect(e.map((x) => x.path)).toEqual(['services[2].adresse']);
		expect(plainSpaces(e[0].message)).toMatch(/« 192\.168\.1\.1 » est l’adresse de la passerelle \(hote\.passerelle\)/);
	});

	it('une erreur de syntaxe YAML est en français, avec ligne et colonne', () => {
		const r = readConfig('site:\n  nom: [pas fermé\nhote:\n  nom: pve\n');
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors[0].path).toMatch(/^ligne \d+, colonne \d+$/);
		expect(r.errors[0].message).toMatch(/^YAML mal formé \(/);
		// Ni le message anglais du paquet yaml, ni un mot anglais isolé.
		expect(r.errors.map((x) => x.message).join(' ')).not.toMatch(/\b(Flow|sequence|collection|must|indented|expected|Missing)\b/);
	});

	it('un YAML illisible est refusé avec sa ligne', () => {
		const r = readConfig('site:\n  nom: [pas fermé\n');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0].path).toMatch(/^ligne \d+, colonne \d+$/);
	});

	it('une clé YAML en double est refusée', () => {
		const r = readConfig(`${stringify(base())}\nsite: {}\n`);
		expect(r.ok).toBe(false);
	});
});

describe('schéma JSON pour les éditeurs', () => {
	it('décrit chaque champ et liste les services acceptés', () => {
		const s = jsonSchema() as any;
		expect(Object.keys(s.properties)).toEqual(['site', 'hote', 'stockage', 'services', 'tls', 'sauvegardes', 'ssh', 'pare_feu', 'cluster', 'versions']);
		expect(s.properties.services.items.properties.service.enum).toEqual(['proxy', 'nextcloud', 'collabora', 'synapse', 'jitsi']);
		expect(s.required).toEqual(expect.arrayContaining(['site', 'hote', 'services', 'tls', 'ssh']));
	});

	it('public/schemas/site-stack.json est à jour (npm run stack -- schema --out public/schemas/site-stack.json)', () => {
		const publie = JSON.parse(readFileSync(join(REPO_ROOT, 'public', 'schemas', 'site-stack.json'), 'utf8'));
		expect(publie).toEqual(jsonSchema());
	});
});
