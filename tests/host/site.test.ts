/**
 * Le vrai paquet sur le vrai hôte d'essai Debian 13 (tests/host/banc.ts), dans
 * l'ordre où une personne s'en sert : plan, apply, apply de nouveau, status,
 * backup puis restauration sous un nouvel identifiant, update quand la
 * sauvegarde échoue, puis un changement de réseau non confirmé.
 *
 * Réel dans chaque test : Debian 13, systemd, ifupdown2 (ifreload), nftables,
 * LXC (conteneurs non privilégiés imbriqués, systemd dedans), apt et les paquets
 * Debian (nginx, PHP-FPM, PostgreSQL, Redis), openssl, curl, tar/zstd.
 * Doublures : pct, pveam, pvesm, vzdump, pvecm, pvesh et `uname -r` sur LXC
 * (tests/host/doublures/) ; les paquets proxmox-ve et proxmox-default-kernel
 * (vides) ; le drapeau vmx ; l'archive Nextcloud (occ doublure,
 * tests/host/fixtures/nextcloud/) et la clé du dépôt Proxmox, servies par le banc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveNextcloud, empreintes, resume, lireFixture, monterBanc, paquetDepuis, URL_FICHIERS, type Banc } from './banc.ts';

const IP_PROXY = '192.168.77.20';
const FICHIERS_HOTE = ['/etc/network/interfaces', '/etc/hosts', '/etc/hostname', '/etc/nftables.conf', '/etc/apt/sources.list.d/proxmox.sources'];

let banc: Banc;
let valeurs: Record<string, string>;

/** Le paquet de la configuration du banc, éventuellement retouchée. */
function paquet(retouche: (t: string) => string = (t) => t) {
	return paquetDepuis(retouche(lireFixture('site-simple.yaml')), valeurs);
}

/** Requête HTTPS vers un nom public, par le mandataire, en ne faisant confiance qu'à l'autorité interne du site. */
function https(nom: string, chemin: string) {
	return banc.hote(
		`curl -fsS --max-time 20 -o /tmp/ac.crt http://${IP_PROXY}/autorite-locale.crt && ` +
			`curl -fsS --max-time 20 --cacert /tmp/ac.crt --resolve ${nom}:443:${IP_PROXY} https://${nom}${chemin}`,
	);
}

beforeAll(async () => {
	banc = await monterBanc({ nom: 'pve', interface: 'enp3s0', adresse: '192.168.77.10/24', passerelle: '192.168.77.1' });
	const cle = banc.publier('proxmox-archive-keyring-trixie.gpg', 'clé du dépôt Proxmox : doublure du banc d’essai\n');
	const nc = banc.publier('nextcloud-32.0.5.tar.bz2', archiveNextcloud('32.0.5'));
	valeurs = { SERVEUR: URL_FICHIERS, CLE: cle.sha256, NEXTCLOUD: nc.sha256 };
	banc.deposerPaquet(paquet());
});

afterAll(() => banc?.arreter());

describe('site simple (mandataire + Nextcloud) sur l’hôte d’essai Debian 13', () => {
	it('plan : montre chaque action et ne change rien', () => {
		// Réel : les vérifications du plan lisent le vrai système ; doublures : pct/pveam/pvesm interrogés.
		const avant = empreintes(banc, FICHIERS_HOTE);
		const r = banc.hote('./deploy.sh plan');
		expect(r.sortie).toMatch(/action\(s\) à faire sur \d+/);
		expect(r.code, r.sortie).toBe(0);
		expect(empreintes(banc, FICHIERS_HOTE)).toEqual(avant);
		expect(banc.hote('pct list').sortie.trim().split('\n')).toHaveLength(1);
		// La phase Proxmox (installation des paquets Proxmox) n'est vérifiée qu'ici : ces paquets ne peuvent pas venir sur le banc.
		expect(r.sortie).toContain('Proxmox VE');
	});

	it('apply : conteneurs en marche, mandataire en HTTPS avec l’autorité interne, Nextcloud derrière', () => {
		// Réel : tout, sauf les doublures Proxmox listées en tête du fichier. Sans terminal, le nouveau
		// réseau est confirmé par la passerelle qui répond (le routeur du banc), comme le prévoit le paquet.
		const r = banc.hote('AB_RESEAU_CONFIRMATION=auto ./deploy.sh apply');
		expect(r.code, resume(r)).toBe(0);
		expect(r.sortie).toContain('Terminé');
		for (const id of [100, 101]) expect(banc.hote(`lxc-info -n ${id} -sH`).sortie.trim()).toBe('RUNNING');
		expect(banc.hote('ip -br link show vmbr0').code).toBe(0);
		expect(banc.hote('nft list table inet alliance_boreale').code).toBe(0);
		for (const unite of ['postgresql', 'redis-server', 'php8.4-fpm', 'nginx']) {
			expect(banc.hote(`pct exec 101 -- systemctl is-active ${unite}`).sortie.trim(), unite).toBe('active');
		}
		const etat = https('nuage.banc.lan', '/status.php');
		expect(etat.code, etat.sortie).toBe(0);
		expect(JSON.parse(etat.sortie)).toMatchObject({ installed: true, maintenance: false });
		// Depuis un conteneur (comme Nextcloud joint Collabora) : le nom public mène au mandataire
		// (/etc/hosts) et son certificat local est reconnu par le magasin du conteneur, sans --cacert
		// ni -k (#15 point 6). Réel : curl et OpenSSL de Debian 13, update-ca-certificates.
		const interne = banc.hote('pct exec 101 -- curl -fsS --max-time 20 https://nuage.banc.lan/status.php');
		expect(interne.code, interne.sortie).toBe(0);
		expect(JSON.parse(interne.sortie)).toMatchObject({ installed: true });
	});

	it('apply de nouveau : 0 action, aucun fichier touché', () => {
		const hote = empreintes(banc, FICHIERS_HOTE);
		const ct100 = empreintes(banc, ['/etc/nginx/sites-available/nuage.banc.lan.conf', '/etc/ssl/alliance-boreale/fullchain.pem', '/etc/localtime'], 100);
		const ct101 = empreintes(banc, ['/var/www/nextcloud/config/config.php', '/etc/nginx/sites-available/nextcloud.conf'], 101);
		const r = banc.hote('./deploy.sh apply');
		expect(r.code, resume(r)).toBe(0);
		expect(r.sortie).toContain('Terminé : 0 action(s) appliquée(s)');
		expect(r.sortie).not.toMatch(/en cours…/);
		expect(empreintes(banc, FICHIERS_HOTE)).toEqual(hote);
		expect(empreintes(banc, Object.keys(ct100), 100)).toEqual(ct100);
		expect(empreintes(banc, Object.keys(ct101), 101)).toEqual(ct101);
	});

	it('status : tout est en place et les conteneurs tournent', () => {
		const r = banc.hote('./deploy.sh status');
		expect(r.code, r.sortie).toBe(0);
		expect(r.sortie).toMatch(/\n0 action\(s\) à faire sur \d+/);
		expect(r.sortie).toMatch(/^100\s+running\s+.*proxy/m);
		expect(r.sortie).toMatch(/^101\s+running\s+.*nuage/m);
	});

	it('backup puis restauration de la sauvegarde sous un nouvel identifiant', () => {
		// Réel : archives tar.zst écrites par la doublure vzdump depuis les vraies racines LXC.
		banc.hote('pct exec 101 -- bash -c "echo avant-sauvegarde > /root/marqueur-banc"');
		const r = banc.hote('./deploy.sh backup');
		expect(r.code, resume(r)).toBe(0);
		const archives = banc.hote('ls /var/lib/vz/dump/').sortie;
		expect(archives).toMatch(/vzdump-lxc-100-.*\.tar\.zst/);
		expect(archives).toMatch(/vzdump-lxc-101-.*\.tar\.zst/);
		// Attendu (point 10 de l'issue 15) : « deploy.sh restore ID NOUVEL_ID » restaure la dernière
		// sauvegarde de ID dans un nouveau conteneur, sans toucher à l'original.
		const restaure = banc.hote('./deploy.sh restore 101 201');
		expect(restaure.code, resume(restaure)).toBe(0);
		expect(banc.hote('pct config 201').sortie).toMatch(/^hostname: nuage/m);
		expect(banc.hote('cat /var/lib/vz/images/201/subvol-201-disk-0.subvol/root/marqueur-banc').sortie.trim()).toBe('avant-sauvegarde');
		expect(banc.hote('pct status 101').sortie.trim()).toBe('status: running');
		expect(https('nuage.banc.lan', '/status.php').code).toBe(0);
	});

	it('update quand vzdump échoue : rien n’est restauré, le conteneur ne change pas, sortie non nulle en français', () => {
		// Un verrou resté après une sauvegarde interrompue : vzdump refuse le conteneur 101 (comme Proxmox).
		banc.hote('pct exec 101 -- bash -c "echo apres-sauvegarde > /root/marqueur-banc"');
		banc.hote("sed -i '1i lock: backup' /etc/pve/lxc/101.conf");
		const avant = empreintes(banc, ['/root/marqueur-banc', '/var/www/nextcloud/config/config.php'], 101);
		const archives = banc.hote('ls /var/lib/vz/dump/').sortie;
		const r = banc.hote('./deploy.sh update');
		banc.hote("sed -i '/^lock: /d' /etc/pve/lxc/101.conf");
		expect(r.code).not.toBe(0);
		expect(r.sortie).toMatch(/Erreur : .*(sauvegarde|vzdump).*101|101.*(sauvegarde|vzdump)/);
		// « rien n’a été modifié ni restauré » est permis ; une restauration faite ne l'est pas.
		expect(r.sortie).not.toMatch(/restauré depuis|restauration de /);
		expect(empreintes(banc, Object.keys(avant), 101)).toEqual(avant);
		expect(banc.hote('ls /var/lib/vz/dump/').sortie.split('\n').filter((l) => l.includes('-101-'))).toEqual(archives.split('\n').filter((l) => l.includes('-101-')));
		expect(banc.hote('pct status 101').sortie.trim()).toBe('status: running');
	});

	it('changement de réseau non confirmé : le fichier précédent revient et l’hôte garde son adresse', () => {
		// Réel : ifupdown2 applique le nouveau fichier (ifreload -a) ; personne ne confirme (pas de terminal).
		// L'hôte comme avant le premier apply : son fichier d'origine (gardé par le paquet)
		// remis, l'adresse sur la carte. Changer l'adresse de l'hôte serait refusé avant
		// tout changement (point 5) : c'est la pose du pont qui n'est pas confirmée.
		banc.hote('cp /etc/network/interfaces.avant-alliance-boreale /etc/network/interfaces && ifreload -a && rm -f /etc/network/interfaces.avant-alliance-boreale');
		const avant = empreintes(banc, ['/etc/network/interfaces']);
		const r = banc.hote('./deploy.sh apply </dev/null', { delai: 900_000 });
		expect(r.code, resume(r)).not.toBe(0);
		// Le changement a bien été tenté (l'échec ne vient pas d'une action précédente)…
		expect(r.sortie).toMatch(/Créer le pont vmbr0 : en cours/);
		// … puis annulé faute de confirmation, et la personne le lit en français.
		expect(r.sortie).toMatch(/confirm/i);
		// Même contenu (la date peut changer : le fichier est remis en place).
		const somme = (e: Record<string, string>) => e['/etc/network/interfaces']?.split(' ')[0];
		expect(somme(empreintes(banc, ['/etc/network/interfaces']))).toBe(somme(avant));
		// La carte a retrouvé l'adresse (« enp3s0@if84 » : ip nomme aussi le bout de la paire veth).
		expect(banc.hote('ip -br -4 addr show').sortie).toMatch(/^enp3s0(@\S+)?\s.*192\.168\.77\.10\/24/m);
		expect(banc.hote('ip -br -4 addr show').sortie).not.toMatch(/^vmbr0\s.*192\.168\.77\.10/m);
	});
});
