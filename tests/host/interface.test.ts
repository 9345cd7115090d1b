/**
 * Une configuration qui nomme une carte réseau absente de la machine : le paquet
 * doit refuser AVANT de réécrire /etc/network/interfaces (point 5 de l'issue 15),
 * sinon l'hôte perd son réseau.
 *
 * Réel : Debian 13, ifupdown2 et son vrai fichier d'interfaces, le pont et les
 * adresses du noyau. Doublures : pct, pveam, pvesm, vzdump, pvecm, pvesh, `uname -r`,
 * paquets proxmox-ve et proxmox-default-kernel vides, drapeau vmx (tests/host/banc.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { empreintes, resume, lireFixture, monterBanc, paquetDepuis, URL_FICHIERS, type Banc } from './banc.ts';

let banc: Banc;

beforeAll(async () => {
	// La machine a « enp3s0 » ; la configuration parle de « eno9 », une faute de frappe plausible.
	banc = await monterBanc({ nom: 'pve', interface: 'enp3s0', adresse: '192.168.77.10/24', passerelle: '192.168.77.1' });
	const cle = banc.publier('proxmox-archive-keyring-trixie.gpg', 'clé du dépôt Proxmox : doublure du banc d’essai\n');
	const texte = lireFixture('site-simple.yaml')
		.replace('interface: enp3s0', 'interface: eno9')
		// Seul le mandataire : la faute doit être vue avant tout conteneur.
		.replace(/^ {2}- \{ service: nextcloud.*\n/m, '')
		.replace(/^ {2}nextcloud: .*\n/m, '');
	banc.deposerPaquet(paquetDepuis(texte, { SERVEUR: URL_FICHIERS, CLE: cle.sha256 }));
});

afterAll(() => banc?.arreter());

it('interface absente : refus en français avant que /etc/network/interfaces ne change', () => {
	const avant = empreintes(banc, ['/etc/network/interfaces']);
	const r = banc.hote('./deploy.sh apply');
	expect(r.code, resume(r)).not.toBe(0);
	expect(r.sortie).toMatch(/Erreur : .*eno9/);
	expect(r.sortie).toMatch(/hote\.interface|interface/);
	expect(empreintes(banc, ['/etc/network/interfaces'])).toEqual(avant);
	expect(banc.hote('ip -br -4 addr show enp3s0').sortie).toContain('192.168.77.10/24');
	expect(banc.hote('ip link show vmbr0').code).not.toBe(0);
});
