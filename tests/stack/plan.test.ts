/** Le plan : instantanés des exemples, ordre des phases, et commandes exactes. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig, buildPlan, planToText, baseFiles, PHASES } from '../../src/stack/index.ts';
import { EXAMPLES, exampleBundle, plainSpaces } from './helpers.ts';

const EX = ['apprenant-maison.yaml', 'cooperative-osbl.yaml', 'hote-pve8.yaml'];

function load(name: string) {
	const text = readFileSync(join(EXAMPLES, name), 'utf8');
	const r = readConfig(text);
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return { config: r.config, text };
}

describe('instantanés du plan', () => {
	it.each(EX)('%s', async (nom) => {
		const { plan } = exampleBundle(nom);
		await expect(planToText(plan)).toMatchFileSnapshot(`__snapshots__/${nom.replace('.yaml', '')}.plan.txt`);
	});
});

describe('Proxmox VE 9 sur Debian 13 par défaut', () => {
	it('le fichier de site sans « hote.debian » vise Debian 13, sauvegardes chaque jour', () => {
		const text = readFileSync(join(EXAMPLES, 'apprenant-maison.yaml'), 'utf8').replace(/^  debian: 13\n/m, '').replace(/^sauvegardes:\n  horaire: "01:00"\n/m, '');
		const r = readConfig(text);
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		expect(r.config.hote.debian).toBe(13);
		expect(r.config.sauvegardes.horaire).toBe('01:00');
	});

	it('l’exemple du Configurateur et son premier choix sont Debian 13 → Proxmox VE 9', () => {
		expect(load('apprenant-maison.yaml').config.hote.debian).toBe(13);
		const astro = readFileSync(join(EXAMPLES, '..', '..', 'components', 'stack', 'Configurateur.astro'), 'utf8');
		expect(astro).toMatch(/<select id="ab-hote-debian"[^>]*>\s*<option value="13">Debian 13 → Proxmox VE 9<\/option>/);
		const plan = exampleBundle('apprenant-maison.yaml').plan;
		expect(plan.actions.find((a) => a.id === 'proxmox.cle')?.commands.join('\n')).toContain('proxmox-archive-keyring-trixie.gpg');
	});

	it('Proxmox VE 8 : le README dit qu’il n’est plus maintenu et montre « verifier-pve9 »', () => {
		const readme = exampleBundle('hote-pve8.yaml').files.find((f) => f.path === 'README.md')?.content ?? '';
		expect(plainSpaces(readme)).toContain('Proxmox VE 8 n’est plus maintenu depuis août 2026');
		expect(readme).toContain('./deploy.sh verifier-pve9');
		expect(exampleBundle('apprenant-maison.yaml').files.find((f) => f.path === 'README.md')?.content).not.toContain('plus maintenu');
	});
});

describe('forme du plan', () => {
	it.each(EX)('%s : numérotation, phases dans l’ordre, identifiants uniques', (nom) => {
		const { plan } = exampleBundle(nom);
		plan.actions.forEach((a, i) => expect(a.number).toBe(i + 1));
		const rangs = plan.actions.map((a) => PHASES.indexOf(a.phase));
		expect(rangs).toEqual([...rangs].sort((x, y) => x - y));
		expect(new Set(plan.actions.map((a) => a.id)).size).toBe(plan.actions.length);
		expect(plan.actions[0].id).toBe('verification.machine');
		for (const a of plan.actions) {
			expect(a.description.length, a.id).toBeGreaterThan(20);
			expect(a.commands.length, a.id).toBeGreaterThan(0);
			for (const c of a.commands) expect(c, a.id).not.toMatch(/\n|undefined|NaN|\[object/);
		}
	});

	it('Proxmox VE 8 sur Debian 12 (hôte existant) : étapes officielles dans l’ordre', () => {
		const { plan } = exampleBundle('hote-pve8.yaml');
		const ids = plan.actions.map((a) => a.id);
		const ordre = ['hote.resolution', 'proxmox.cle', 'proxmox.depot', 'proxmox.noyau', 'proxmox.redemarrage', 'proxmox.paquets', 'proxmox.noyau-debian', 'proxmox.os-prober', 'reseau.pont'];
		expect(ordre.map((id) => ids.indexOf(id))).toEqual([...ordre.map((id) => ids.indexOf(id))].sort((a, b) => a - b));
		const cmd = (id: string) => plan.actions.find((a) => a.id === id)?.commands.join('\n');
		expect(cmd('proxmox.cle')).toContain('proxmox-release-bookworm.gpg');
		expect(cmd('proxmox.cle')).toContain('sha512 7da6fe34168adc6e479327ba517796d4702fa2f8b4f0a9833f5ea6e6b48f6507a6da403a274fe201595edc86a84463d50383d07f64bdde2e3658108db7d6dc87');
		expect(cmd('proxmox.paquets')).toContain('apt-get install -y proxmox-ve postfix open-iscsi chrony');
		expect(cmd('proxmox.noyau-debian')).toContain("apt-get remove -y linux-image-amd64 'linux-image-6.1*'");
	});

	it('Proxmox VE 9 sur Debian 13 : clé trixie vérifiée en sha256, noyau 6.12 retiré', () => {
		const { plan } = exampleBundle('cooperative-osbl.yaml');
		const cmd = (id: string) => plan.actions.find((a) => a.id === id)?.commands.join('\n');
		expect(cmd('proxmox.cle')).toContain('proxmox-archive-keyring-trixie.gpg /usr/share/keyrings/proxmox-archive-keyring.gpg sha256 136673be77aba35dcce385b28737689ad64fd785a797e57897589aed08db6e45');
		expect(cmd('proxmox.noyau-debian')).toContain("'linux-image-6.12*'");
	});

	it('le cluster est créé avant le premier conteneur (pvecm refuse un nœud qui en a)', () => {
		const { plan } = exampleBundle('cooperative-osbl.yaml');
		const ids = plan.actions.map((a) => a.id);
		expect(ids.indexOf('cluster.creer')).toBeGreaterThan(-1);
		expect(ids.indexOf('cluster.creer')).toBeLessThan(ids.findIndex((i) => i.startsWith('ct.')));
	});

	it('conteneurs non privilégiés, VLAN sur l’interface, rien de secret dans les commandes', () => {
		const { plan } = exampleBundle('cooperative-osbl.yaml');
		const creation = plan.actions.find((a) => a.id === 'ct.fichiers.creer')?.commands[0] ?? '';
		expect(creation).toContain('pct create 201 "$(ab_modele_local local debian-13-standard)"');
		expect(creation).toContain('--unprivileged 1');
		expect(creation).toContain('--net0 name=eth0,bridge=vmbr0,ip=10.20.0.31/24,gw=10.20.0.1,tag=20,firewall=0 ');
		expect(creation).toContain('--memory 8192');
		const tout = JSON.stringify(plan);
		expect(tout).not.toMatch(/password|mot de passe\s*[:=]/i);
	});

	it('le plan ne dépend que de la configuration (même entrée, même plan)', () => {
		const { config, text } = load('apprenant-maison.yaml');
		const a = buildPlan(config, baseFiles(config, text));
		const b = buildPlan(config, baseFiles(config, text));
		expect(a).toEqual(b);
	});

	it('changer un service ne redéploie que ce qui en dépend', () => {
		const { config, text } = load('apprenant-maison.yaml');
		const avant = buildPlan(config, baseFiles(config, text));
		const modifie = { ...config, services: config.services.map((s) => (s.service === 'jitsi' ? { ...s, memoire: 4096 } : s)) };
		const apres = buildPlan(modifie, baseFiles(modifie, text));
		const diff = apres.actions.filter((a, i) => a.check !== avant.actions[i].check).map((a) => a.id);
		expect(diff).toContain('ct.visio.ressources');
		expect(diff).not.toContain('ct.nuage.creer');
	});
});
