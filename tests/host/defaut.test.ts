/**
 * La configuration d'exemple que propose le Configurateur (src/stack/exemples/
 * apprenant-maison.yaml, fuseau America/Montreal), appliquée deux fois sur
 * l'hôte d'essai Debian 13 : chaque service répond, la seconde fois ne fait rien.
 *
 * Réel : Debian 13, systemd, ifupdown2, nftables, LXC et les conteneurs imbriqués,
 * les paquets Debian (nginx, PHP-FPM, PostgreSQL, Redis, prosody, coturn…).
 * Doublures : pct, pveam, pvesm, vzdump, pvecm, pvesh, `uname -r`, paquets
 * proxmox-ve et proxmox-default-kernel vides, drapeau vmx (tests/host/banc.ts) ;
 * clé Proxmox et archives Nextcloud/Element servies par le banc, épinglées dans
 * `versions:`. Pas appliqués ici : Collabora, Synapse et Jitsi, dont les dépôts apt
 * de leurs éditeurs ne peuvent pas être joints de cette machine ; le paquet sait
 * les prendre d'un miroir (`versions.depots`), mais le banc n'a pas encore de
 * dépôts signés qui les imitent. Le reste de l'exemple (fuseau America/Montreal,
 * mandataire, Nextcloud) est appliqué tel quel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveNextcloud, monterBanc, resume, paquetDepuis, RACINE_DEPOT, URL_FICHIERS, type Banc } from './banc.ts';

const EXEMPLE = join(RACINE_DEPOT, 'src', 'stack', 'exemples', 'apprenant-maison.yaml');
let banc: Banc;
let texte: string;

beforeAll(async () => {
	texte = readFileSync(EXEMPLE, 'utf8')
		.split('\n')
		.filter((ligne) => !/service: (collabora|synapse|jitsi),/.test(ligne))
		.join('\n');
	const champ = (cle: string) => texte.match(new RegExp(`^ {2}${cle}: (\\S+)`, 'm'))?.[1] ?? '';
	banc = await monterBanc({ nom: champ('nom'), interface: champ('interface'), adresse: champ('adresse'), passerelle: champ('passerelle') });
	const cle = banc.publier('proxmox-archive-keyring-trixie.gpg', 'clé du dépôt Proxmox : doublure du banc d’essai\n');
	const nc = banc.publier('nextcloud-32.0.5.tar.bz2', archiveNextcloud('32.0.5'));
	const el = banc.publier('element-v1.11.100.tar.gz', 'archive Element : doublure du banc d’essai\n');
	// Épinglages propres au banc, ajoutés comme le ferait une personne avec un miroir local.
	texte += [
		'versions:',
		`  cle_proxmox: { url: "${cle.url}", sha256: "${cle.sha256}" }`,
		`  nextcloud: { url: "${nc.url}", sha256: "${nc.sha256}" }`,
		`  element: { url: "${el.url}", sha256: "${el.sha256}" }`,
		'',
	].join('\n');
	banc.deposerPaquet(paquetDepuis(texte));
});

afterAll(() => banc?.arreter());

describe('configuration par défaut du Configurateur (America/Montreal)', () => {
	it('apply : chaque service répond par le mandataire', () => {
		expect(texte).toContain('fuseau: America/Montreal');
		const r = banc.hote('AB_RESEAU_CONFIRMATION=auto ./deploy.sh apply');
		expect(r.code, resume(r)).toBe(0);
		const proxy = texte.match(/service: proxy, id: \d+, nom: \S+, adresse: ([\d.]+)\//)?.[1];
		const domaine = texte.match(/^ {2}domaine: (\S+)/m)?.[1];
		expect(proxy && domaine).toBeTruthy();
		for (const nom of texte.matchAll(/service: (?!proxy)\w+, id: \d+, nom: (\S+),/g)) {
			const fqdn = `${nom[1]}.${domaine}`;
			const h = banc.hote(`curl -fsS -o /tmp/ac.crt http://${proxy}/autorite-locale.crt && curl -sS -o /dev/null -w '%{http_code}' --cacert /tmp/ac.crt --resolve ${fqdn}:443:${proxy} https://${fqdn}/`);
			expect(h.sortie, fqdn).toMatch(/^[23]\d\d$/);
		}
	});

	it('apply de nouveau : 0 action', () => {
		const r = banc.hote('AB_RESEAU_CONFIRMATION=auto ./deploy.sh apply');
		expect(r.code, resume(r)).toBe(0);
		expect(r.sortie).toContain('Terminé : 0 action(s) appliquée(s)');
	});
});
