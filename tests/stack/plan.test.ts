/** Le plan : instantanés des exemples, ordre des phases, et commandes exactes. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lireConfig, construirePlan, planEnTexte } from '../../src/stack/index.ts';
import { fichiersDeBase } from '../../src/stack/bundle.ts';
import { PHASES } from '../../src/stack/plan.ts';
import { EXEMPLES, paquetExemple } from './outils.ts';

const EX = ['apprenant-maison.yaml', 'cooperative-osbl.yaml'];

function charger(nom: string) {
	const texte = readFileSync(join(EXEMPLES, nom), 'utf8');
	const r = lireConfig(texte);
	if (!r.ok) throw new Error(JSON.stringify(r.erreurs));
	return { config: r.config, texte };
}

describe('instantanés du plan', () => {
	it.each(EX)('%s', async (nom) => {
		const { plan } = paquetExemple(nom);
		await expect(planEnTexte(plan)).toMatchFileSnapshot(`__snapshots__/${nom.replace('.yaml', '')}.plan.txt`);
	});
});

describe('forme du plan', () => {
	it.each(EX)('%s : numérotation, phases dans l’ordre, identifiants uniques', (nom) => {
		const { plan } = paquetExemple(nom);
		plan.actions.forEach((a, i) => expect(a.numero).toBe(i + 1));
		const rangs = plan.actions.map((a) => PHASES.indexOf(a.phase));
		expect(rangs).toEqual([...rangs].sort((x, y) => x - y));
		expect(new Set(plan.actions.map((a) => a.id)).size).toBe(plan.actions.length);
		expect(plan.actions[0].id).toBe('verification.machine');
		for (const a of plan.actions) {
			expect(a.description.length, a.id).toBeGreaterThan(20);
			expect(a.commandes.length, a.id).toBeGreaterThan(0);
			for (const c of a.commandes) expect(c, a.id).not.toMatch(/\n|undefined|NaN|\[object/);
		}
	});

	it('Proxmox VE 8 sur Debian 12 : étapes officielles dans l’ordre', () => {
		const { plan } = paquetExemple('apprenant-maison.yaml');
		const ids = plan.actions.map((a) => a.id);
		const ordre = ['hote.resolution', 'proxmox.cle', 'proxmox.depot', 'proxmox.noyau', 'proxmox.redemarrage', 'proxmox.paquets', 'proxmox.noyau-debian', 'proxmox.os-prober', 'reseau.pont'];
		expect(ordre.map((id) => ids.indexOf(id))).toEqual([...ordre.map((id) => ids.indexOf(id))].sort((a, b) => a - b));
		const cmd = (id: string) => plan.actions.find((a) => a.id === id)?.commandes.join('\n');
		expect(cmd('proxmox.cle')).toContain('proxmox-release-bookworm.gpg');
		expect(cmd('proxmox.cle')).toContain('sha512 7da6fe34168adc6e479327ba517796d4702fa2f8b4f0a9833f5ea6e6b48f6507a6da403a274fe201595edc86a84463d50383d07f64bdde2e3658108db7d6dc87');
		expect(cmd('proxmox.paquets')).toContain('apt-get install -y proxmox-ve postfix open-iscsi chrony');
		expect(cmd('proxmox.noyau-debian')).toContain("apt-get remove -y linux-image-amd64 'linux-image-6.1*'");
	});

	it('Proxmox VE 9 sur Debian 13 : clé trixie vérifiée en sha256, noyau 6.12 retiré', () => {
		const { plan } = paquetExemple('cooperative-osbl.yaml');
		const cmd = (id: string) => plan.actions.find((a) => a.id === id)?.commandes.join('\n');
		expect(cmd('proxmox.cle')).toContain('proxmox-archive-keyring-trixie.gpg /usr/share/keyrings/proxmox-archive-keyring.gpg sha256 136673be77aba35dcce385b28737689ad64fd785a797e57897589aed08db6e45');
		expect(cmd('proxmox.noyau-debian')).toContain("'linux-image-6.12*'");
	});

	it('le cluster est créé avant le premier conteneur (pvecm refuse un nœud qui en a)', () => {
		const { plan } = paquetExemple('cooperative-osbl.yaml');
		const ids = plan.actions.map((a) => a.id);
		expect(ids.indexOf('cluster.creer')).toBeGreaterThan(-1);
		expect(ids.indexOf('cluster.creer')).toBeLessThan(ids.findIndex((i) => i.startsWith('ct.')));
	});

	it('conteneurs non privilégiés, VLAN sur l’interface, rien de secret dans les commandes', () => {
		const { plan } = paquetExemple('cooperative-osbl.yaml');
		const creation = plan.actions.find((a) => a.id === 'ct.fichiers.creer')?.commandes[0] ?? '';
		expect(creation).toContain('pct create 201 local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst');
		expect(creation).toContain('--unprivileged 1');
		expect(creation).toContain('--net0 name=eth0,bridge=vmbr0,ip=10.20.0.31/24,gw=10.20.0.1,tag=20,firewall=0 ');
		expect(creation).toContain('--memory 8192');
		const tout = JSON.stringify(plan);
		expect(tout).not.toMatch(/password|mot de passe\s*[:=]/i);
	});

	it('le plan ne dépend que de la configuration (même entrée, même plan)', () => {
		const { config, texte } = charger('apprenant-maison.yaml');
		const a = construirePlan(config, fichiersDeBase(config, texte));
		const b = construirePlan(config, fichiersDeBase(config, texte));
		expect(a).toEqual(b);
	});

	it('changer un service ne redéploie que ce qui en dépend', () => {
		const { config, texte } = charger('apprenant-maison.yaml');
		const avant = construirePlan(config, fichiersDeBase(config, texte));
		const modifie = { ...config, services: config.services.map((s) => (s.service === 'jitsi' ? { ...s, memoire: 4096 } : s)) };
		const apres = construirePlan(modifie, fichiersDeBase(modifie, texte));
		const diff = apres.actions.filter((a, i) => a.verifier !== avant.actions[i].verifier).map((a) => a.id);
		expect(diff).toContain('ct.visio.ressources');
		expect(diff).not.toContain('ct.nuage.creer');
	});
});
