/**
 * La configuration d'exemple que propose le Configurateur (src/stack/exemples/
 * apprenant-maison.yaml, fuseau America/Montreal), appliquée entière deux fois sur
 * l'hôte d'essai Debian 13 : chaque service répond par le mandataire en HTTPS
 * (autorité interne du site), la seconde fois ne fait rien.
 *
 * Réel : Debian 13, systemd, ifupdown2, nftables, LXC et les conteneurs imbriqués,
 * apt et sa vérification des dépôts signés (clé acceptée par empreinte, épinglages
 * apt_preferences), debconf, les paquets Debian (nginx, PHP-FPM, PostgreSQL, Redis,
 * prosody, busybox, openssl…), le mandataire nginx et ses certificats.
 * Doublures : pct, pveam, pvesm, vzdump, pvecm, pvesh, `uname -r`, paquets
 * proxmox-ve et proxmox-default-kernel vides, drapeau vmx (tests/host/banc.ts) ;
 * clé Proxmox et archives Nextcloud (occ doublure) et Element (page d'accueil
 * doublure) servies par le banc, épinglées dans `versions:` ; les paquets de
 * Collabora (coolwsd, code-brand), Matrix (matrix-synapse-py3) et Jitsi (jitsi-meet
 * et ses parties), que leurs éditeurs ne laissent pas joindre d'ici : des doublures
 * aux noms et versions épinglés, dans des dépôts apt signés par une clé jetable
 * (tests/host/depots.ts), que `versions.depots` désigne comme un miroir local.
 * Ce que chaque doublure fait (et ne fait pas) est écrit dans sa description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveElement, archiveNextcloud, monterBanc, resume, paquetDepuis, q, RACINE_DEPOT, type Banc } from './banc.ts';
import { depotsFixtures } from './depots.ts';

const EXEMPLE = join(RACINE_DEPOT, 'src', 'stack', 'exemples', 'apprenant-maison.yaml');
let banc: Banc;
let texte: string;

const champ = (cle: string) => texte.match(new RegExp(`^ {2}${cle}: (\\S+)`, 'm'))?.[1] ?? '';
/** Nom public d'un service de l'exemple (« nuage » → nuage.maison.lan). */
const nomPublic = (service: string) => `${texte.match(new RegExp(`service: ${service}, id: \\d+, nom: (\\S+),`))?.[1]}.${champ('domaine')}`;

/** Requête HTTPS vers un nom public, par le mandataire, en ne faisant confiance qu'à l'autorité interne du site. */
function https(nom: string, chemin: string) {
	const proxy = texte.match(/service: proxy, id: \d+, nom: \S+, adresse: ([\d.]+)\//)?.[1];
	return banc.hote(
		`curl -fsS --max-time 20 -o /tmp/ac.crt http://${proxy}/autorite-locale.crt && ` +
			`curl -fsS --max-time 20 --cacert /tmp/ac.crt --resolve ${nom}:443:${proxy} ${q(`https://${nom}${chemin}`)}`,
	);
}

beforeAll(async () => {
	texte = readFileSync(EXEMPLE, 'utf8');
	banc = await monterBanc({ nom: champ('nom'), interface: champ('interface'), adresse: champ('adresse'), passerelle: champ('passerelle') });
	// Sous le verrou du banc : une autre exécution ne peut pas refaire le cache des dépôts en même temps.
	const depots = depotsFixtures();
	console.log(`dépôts doublures : ${depots.reutilise ? 'repris du cache' : 'construits'} en ${depots.duree} ms`);
	const cle = banc.publier('proxmox-archive-keyring-trixie.gpg', 'clé du dépôt Proxmox : doublure du banc d’essai\n');
	const nc = banc.publier('nextcloud-32.0.5.tar.bz2', archiveNextcloud('32.0.5'));
	const el = banc.publier('element-v1.11.100.tar.gz', archiveElement('1.11.100'));
	const lignesDepots = (['collabora', 'synapse', 'jitsi'] as const).map((editeur) => {
		const d = depots[editeur];
		for (const f of d.fichiers) banc.publier(`depots/${editeur}/${f}`, readFileSync(join(d.dossier, f)));
		const racine = banc.publier(`depots/${editeur}/cle.gpg`, readFileSync(join(d.dossier, 'cle.gpg'))).url.replace(/cle\.gpg$/, '');
		return `    ${editeur}: { uris: "${racine}", cle: "${racine}cle.gpg", empreinte: "${d.empreinte}" }`;
	});
	// Épinglages propres au banc, ajoutés comme le ferait une personne avec un miroir local.
	texte += [
		'versions:',
		`  cle_proxmox: { url: "${cle.url}", sha256: "${cle.sha256}" }`,
		`  nextcloud: { url: "${nc.url}", sha256: "${nc.sha256}" }`,
		`  element: { url: "${el.url}", sha256: "${el.sha256}" }`,
		'  depots:',
		...lignesDepots,
		'',
	].join('\n');
	banc.deposerPaquet(paquetDepuis(texte));
});

afterAll(() => banc?.arreter());

describe('configuration par défaut du Configurateur (America/Montreal), entière', () => {
	it('apply : tout est installé', () => {
		expect(texte).toContain('fuseau: America/Montreal');
		expect(texte).toMatch(/service: collabora,[^\n]*\n[^\n]*service: synapse,[^\n]*\n[^\n]*service: jitsi,/);
		const r = banc.hote('AB_RESEAU_CONFIRMATION=auto ./deploy.sh apply');
		expect(r.code, resume(r)).toBe(0);
	});

	it('Nextcloud répond par le mandataire (status.php)', () => {
		const r = https(nomPublic('nextcloud'), '/status.php');
		expect(r.code, r.sortie).toBe(0);
		expect(JSON.parse(r.sortie)).toMatchObject({ installed: true });
	});

	it('Collabora répond par le mandataire (découverte WOPI) et garde ses réglages', () => {
		const r = https(nomPublic('collabora'), '/hosting/discovery');
		expect(r.code, r.sortie).toBe(0);
		expect(r.sortie).toContain('<wopi-discovery>');
		// coolconfig (doublure) a vraiment écrit ce que collabora.sh demande.
		const xml = banc.hote('pct exec 102 -- cat /etc/coolwsd/coolwsd.xml');
		expect(xml.sortie).toContain(`>${nomPublic('nextcloud')}</host>`);
		expect(xml.sortie).toMatch(/<termination[^>]*>true</);
		expect(xml.sortie).toMatch(/<secure_password[^>]*>doublure-sha512:[0-9a-f]{128}</);
	});

	it('Synapse répond par le mandataire (versions du client, délégation), Element aussi', () => {
		const fqdn = nomPublic('synapse');
		const versions = https(fqdn, '/_matrix/client/versions');
		expect(versions.code, versions.sortie).toBe(0);
		expect(JSON.parse(versions.sortie).versions).toBeInstanceOf(Array);
		const delegation = https(fqdn, '/.well-known/matrix/server');
		expect(delegation.code, delegation.sortie).toBe(0);
		expect(JSON.parse(delegation.sortie)).toEqual({ 'm.server': `${fqdn}:443` });
		const element = https(fqdn, '/');
		expect(element.code, element.sortie).toBe(0);
		expect(element.sortie).toContain('Element');
		const config = https(fqdn, '/config.json');
		expect(JSON.parse(config.sortie).default_server_config['m.homeserver'].server_name).toBe(fqdn);
		// Le nom donné à debconf avant l'installation est celui que le paquet a retenu.
		expect(banc.hote('pct exec 103 -- cat /etc/matrix-synapse/conf.d/server_name.yaml').sortie).toContain(`server_name: ${fqdn}`);
	});

	it('Jitsi Meet répond par le mandataire (nginx de Jitsi en HTTPS derrière)', () => {
		const r = https(nomPublic('jitsi'), '/');
		expect(r.code, r.sortie).toBe(0);
		expect(r.sortie).toContain('Jitsi Meet');
		const unites = banc.hote('pct exec 104 -- systemctl is-active prosody jicofo jitsi-videobridge2 nginx');
		expect(unites.sortie.trim().split('\n')).toEqual(['active', 'active', 'active', 'active']);
	});

	it('apply de nouveau : 0 action', () => {
		const r = banc.hote('AB_RESEAU_CONFIRMATION=auto ./deploy.sh apply');
		expect(r.code, resume(r)).toBe(0);
		expect(r.sortie).toContain('Terminé : 0 action(s) appliquée(s)');
	});
});
