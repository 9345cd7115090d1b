/**
 * Dépôts apt signés qui imitent ceux de Collabora, Matrix et Jitsi, pour l'hôte
 * d'essai : ces éditeurs ne peuvent pas être joints d'ici. Fabriqués au moment du
 * test, jamais versionnés : des paquets .deb « doublures » (dpkg-deb), leurs index
 * Packages et Release écrits ici, Release signé (InRelease, Release.gpg) par une
 * clé jetable (gpg --quick-gen-key dans un GNUPGHOME temporaire) dont l'empreinte
 * va dans `versions.depots.*.empreinte`.
 *
 * Mêmes noms, mêmes versions épinglées (src/stack/versions.ts) et même forme de
 * dépôt que chez l'éditeur (plat « ./ » pour Collabora, « stable/ » pour Jitsi,
 * dists/trixie/main pour Matrix) : seules l'adresse et la clé changent, comme
 * avec un miroir local. Chaque doublure le dit dans sa description et en tête
 * de ses fichiers, et ne fournit que ce dont les scripts de service se servent ;
 * ce qui peut être réel l'est : busybox, nginx, prosody, openssl, adduser,
 * debconf viennent du vrai miroir Debian (Depends:).
 *
 * Gardés dans <cache de la machine>/host/depots/<empreinte des entrées> : la clé
 * et les paquets ne sont refaits que si ce fichier ou les épinglages changent.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { machineCacheDir } from '../../scripts/lib/machine-cache.ts';
import { APT_REPOSITORIES } from '../../src/stack/versions.ts';

type Editeur = keyof typeof APT_REPOSITORIES;

/** Un paquet doublure : le minimum de control, ses fichiers, ses scripts et questions debconf. */
interface Doublure {
	paquet: string;
	version: string;
	depends?: string;
	/** Ce que la doublure imite, et ce qu'elle ne fait pas. */
	description: string;
	fichiers?: Record<string, string | { contenu: string; mode: number }>;
	conffiles?: string[];
	postinst?: string;
	templates?: string;
}

/** Un dépôt à la forme de celui de l'éditeur : `suite` « X/ » = dépôt plat, sinon dists/<suite>/<composant>. */
interface Depot {
	suite: string;
	composant: string;
	doublures: Doublure[];
}

const ENTETE = '# DOUBLURE (banc d’essai Alliance Boréale, tests/host/depots.ts) : pas le vrai logiciel.';
const MAINTENEUR = 'Alliance Boréale (banc d’essai) <banc@invalid>';
const UNITES = '/usr/lib/systemd/system';
/** Date fixe des Release : apt refuse une date future, et un dépôt gardé en cache ne change pas. */
const DATE_RELEASE = 'Thu, 01 Jan 2026 00:00:00 UTC';

/** Version épinglée d'un paquet, rendue concrète (« 25.04.* » → « 25.04.0.1-1 »). */
function version(editeur: Editeur, paquet: string): string {
	const pins: Record<string, string> = APT_REPOSITORIES[editeur].pins;
	const pin = pins[paquet];
	if (!pin) throw new Error(`${paquet} n’est pas épinglé dans APT_REPOSITORIES.${editeur}`);
	return pin.endsWith('*') ? `${pin.slice(0, -1)}0.1-1` : pin;
}

/** Unité systemd d'une doublure. */
function unite(description: string, execStart: string, user = 'nobody'): string {
	return `${ENTETE}\n[Unit]\nDescription=${description} (doublure du banc d’essai)\nAfter=network.target\n\n[Service]\nUser=${user}\nExecStart=${execStart}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n`;
}

/** Fin de postinst commune : démarrer l'unité comme le fait le vrai paquet (systemd présent seulement). */
function demarrer(nom: string): string {
	return `if [ -d /run/systemd/system ]; then\n\tsystemctl daemon-reload\n\tsystemctl enable --now ${nom}\nfi\n`;
}

function postinst(corps: string, debconf = false): string {
	return `#!/bin/sh\n${ENTETE}\nset -e\n${debconf ? '# shellcheck disable=SC1091 # fourni par debconf\n. /usr/share/debconf/confmodule\n' : ''}[ "$1" = configure ] || exit 0\n${corps}`;
}

/**
 * coolconfig : les deux sous-commandes que collabora.sh utilise. « set » édite
 * vraiment coolwsd.xml (clé pointée relative à <config>, comme l'outil réel) et
 * refuse une clé absente ; « set-admin-password » lit utilisateur et mot de passe
 * (deux fois) sur l'entrée standard et n'en garde qu'une empreinte.
 */
const COOLCONFIG = `#!/bin/bash
${ENTETE}
# Imite coolconfig de Collabora Online : « set CLÉ VALEUR » et « set-admin-password ».
set -Eeuo pipefail
readonly XML=/etc/coolwsd/coolwsd.xml

regler() {
	local cle=$1 valeur=$2 tmp
	# « & » et « \\ » changeraient de sens dans le remplacement d’awk : refusés.
	case $valeur in *'&'* | *\\\\*) echo "coolconfig (doublure) : valeur refusée : $valeur" >&2; exit 1 ;; esac
	tmp=$(mktemp)
	if ! awk -v cle="$cle" -v valeur="$valeur" '
		function chemin(nom,   c, i) { c = ""; for (i = 2; i <= prof; i++) c = c pile[i] "."; return c nom }
		BEGIN { prof = 0; trouve = 0 }
		{
			l = $0; sub(/^[ \\t]+/, "", l); nom = l; sub(/^<\\/?/, "", nom); sub(/[ >].*/, "", nom)
			if (l ~ /^<[a-z_]+[^>]*>[^<]*<\\/[a-z_]+>/) {
				if (chemin(nom) == cle) { sub(/>[^<]*</, ">" valeur "<"); trouve = 1 }
			} else if (l ~ /^<\\/[a-z_]+>/) { prof--
			} else if (l ~ /^<[a-z_]+[^>]*>$/) { pile[++prof] = nom }
			print
		}
		END { exit trouve ? 0 : 3 }' "$XML" >"$tmp"; then
		rm -f "$tmp"
		echo "coolconfig (doublure) : clé inconnue dans $XML : $cle" >&2
		exit 1
	fi
	cat "$tmp" >"$XML"
	rm -f "$tmp"
}

case \${1:-} in
set)
	[[ $# -eq 3 ]] || { echo 'Usage : coolconfig set CLÉ VALEUR' >&2; exit 2; }
	regler "$2" "$3"
	;;
set-admin-password)
	read -r utilisateur
	read -r mdp
	read -r confirmation
	[[ -n $utilisateur && -n $mdp && $mdp == "$confirmation" ]] || { echo 'coolconfig (doublure) : mots de passe vides ou différents' >&2; exit 1; }
	regler admin_console.username "$utilisateur"
	regler admin_console.secure_password "doublure-sha512:$(printf '%s' "$mdp" | sha512sum | cut -c1-128)"
	;;
*)
	echo "Usage : coolconfig set CLÉ VALEUR | set-admin-password (doublure du banc d’essai)" >&2
	exit 2
	;;
esac
`;

const COOLWSD_XML = `<?xml version="1.0"?>
<!-- DOUBLURE (banc d’essai Alliance Boréale) : seules les clés que règle collabora.sh. -->
<config>
    <server_name type="string" desc="Nom public du service"></server_name>
    <ssl desc="Réglages TLS">
        <enable type="bool" default="true">true</enable>
        <termination type="bool" default="true">false</termination>
    </ssl>
    <storage desc="Stockages">
        <wopi desc="Hôtes WOPI permis" allow="true">
            <host desc="Hôte permis" allow="true">localhost</host>
        </wopi>
    </storage>
    <admin_console desc="Console d’administration">
        <username desc="Utilisateur"></username>
        <secure_password desc="Empreinte du mot de passe"></secure_password>
    </admin_console>
</config>
`;

const DISCOVERY = `<?xml version="1.0" encoding="utf-8"?>
<!-- DOUBLURE (banc d’essai Alliance Boréale) : découverte WOPI réduite à un format. -->
<wopi-discovery>
  <net-zone name="external-http">
    <app name="writer">
      <action name="edit" ext="odt" urlsrc="/browser/doublure/cool.html?"/>
    </app>
  </net-zone>
</wopi-discovery>
`;

/**
 * register_new_matrix_user : vérifie ce que le vrai outil exige (le secret
 * partagé lu dans le fichier -c, le mot de passe dans --password-file, Synapse
 * qui répond à l'adresse donnée) et inscrit le compte dans un fichier.
 */
const REGISTER = `#!/bin/bash
${ENTETE}
# Imite register_new_matrix_user de Synapse (options -c, -u, --password-file, --admin, URL).
set -Eeuo pipefail
conf='' utilisateur='' fichier='' admin=non url=''
while [[ $# -gt 0 ]]; do
	case $1 in
	-c) conf=$2; shift 2 ;;
	-u) utilisateur=$2; shift 2 ;;
	--password-file) fichier=$2; shift 2 ;;
	--admin) admin=oui; shift ;;
	*) url=$1; shift ;;
	esac
done
grep -Eq '^registration_shared_secret: *"?[^" ]+' "$conf" || { echo "doublure : pas de registration_shared_secret dans $conf" >&2; exit 1; }
[[ -n $utilisateur && -s $fichier && -n $url ]] || { echo 'doublure : utilisateur, mot de passe et adresse attendus' >&2; exit 2; }
curl -fsS "$url/health" >/dev/null
install -d -m 0700 /var/lib/matrix-synapse
printf '%s admin=%s sha512=%s\\n' "$utilisateur" "$admin" "$(sha512sum <"$fichier" | cut -c1-128)" >>/var/lib/matrix-synapse/doublure-comptes
echo "Success! (doublure du banc d’essai)"
`;

function depots(): Record<Editeur, Depot> {
	const jitsi = (p: string) => version('jitsi', p);
	return {
		collabora: {
			suite: './',
			composant: '',
			doublures: [
				{
					paquet: 'coolwsd',
					version: version('collabora', 'coolwsd'),
					depends: 'busybox',
					description:
						'doublure du banc d’essai pour coolwsd (Collabora Online)\n coolconfig (set, set-admin-password) édite /etc/coolwsd/coolwsd.xml ;\n l’unité coolwsd sert /hosting/discovery sur le port 9980 avec busybox httpd.\n Aucun éditeur de documents.',
					fichiers: {
						'usr/bin/coolconfig': { contenu: COOLCONFIG, mode: 0o755 },
						'etc/coolwsd/coolwsd.xml': COOLWSD_XML,
						'usr/share/coolwsd/doublure/index.html': 'OK\n',
						'usr/share/coolwsd/doublure/hosting/discovery': DISCOVERY,
						[`${UNITES.slice(1)}/coolwsd.service`]: unite('Collabora Online', '/usr/bin/busybox httpd -f -p 9980 -h /usr/share/coolwsd/doublure'),
					},
					conffiles: ['/etc/coolwsd/coolwsd.xml'],
					postinst: postinst(demarrer('coolwsd')),
				},
				{
					paquet: 'code-brand',
					version: `${version('collabora', 'coolwsd').replace(/\.1-1$/, '-1')}`,
					description: 'doublure du banc d’essai pour code-brand (marque de Collabora CODE)\n Paquet vide.',
				},
			],
		},
		synapse: {
			suite: 'trixie',
			composant: 'main',
			doublures: [
				{
					paquet: 'matrix-synapse-py3',
					version: version('synapse', 'matrix-synapse-py3'),
					depends: 'adduser, debconf, busybox, curl',
					description:
						'doublure du banc d’essai pour matrix-synapse-py3 (Synapse)\n Lit le nom du serveur dans debconf comme le vrai paquet ; l’unité\n matrix-synapse répond à /health et /_matrix/client/versions sur le port\n 8008 (busybox httpd) ; register_new_matrix_user inscrit le compte dans un\n fichier. Aucune messagerie.',
					templates: [
						'Template: matrix-synapse/server-name\nType: string\nDescription: Name of the server:\n',
						'Template: matrix-synapse/report-stats\nType: boolean\nDefault: false\nDescription: Report homeserver usage statistics?\n',
					].join('\n'),
					fichiers: {
						'usr/bin/register_new_matrix_user': { contenu: REGISTER, mode: 0o755 },
						'usr/share/matrix-synapse/doublure/health': 'OK',
						'usr/share/matrix-synapse/doublure/_matrix/client/versions': '{"versions":["v1.11"],"unstable_features":{},"doublure":"banc d’essai"}\n',
						[`${UNITES.slice(1)}/matrix-synapse.service`]: unite('Matrix Synapse', '/usr/bin/busybox httpd -f -p 8008 -h /usr/share/matrix-synapse/doublure', 'matrix-synapse'),
					},
					// Comme le vrai paquet : un utilisateur système, le nom du serveur et les statistiques dans conf.d.
					postinst: postinst(
						[
							'adduser --quiet --system --group --no-create-home --home /var/lib/matrix-synapse matrix-synapse',
							'install -d -o matrix-synapse -g matrix-synapse /var/lib/matrix-synapse',
							'install -d /etc/matrix-synapse/conf.d',
							'db_get matrix-synapse/server-name',
							'[ -n "$RET" ] || { echo "doublure : matrix-synapse/server-name vide" >&2; exit 1; }',
							'printf "server_name: %s\\n" "$RET" >/etc/matrix-synapse/conf.d/server_name.yaml',
							'db_get matrix-synapse/report-stats',
							'printf "report_stats: %s\\n" "$RET" >/etc/matrix-synapse/conf.d/report_stats.yaml',
							'[ -f /etc/matrix-synapse/homeserver.yaml ] || printf "%s\\npid_file: /run/matrix-synapse.pid\\n" "# DOUBLURE (banc d’essai Alliance Boréale)" >/etc/matrix-synapse/homeserver.yaml',
							'db_stop',
							demarrer('matrix-synapse'),
						].join('\n'),
						true,
					),
				},
			],
		},
		jitsi: {
			suite: 'stable/',
			composant: '',
			doublures: [
				{
					paquet: 'jitsi-meet',
					version: jitsi('jitsi-meet'),
					depends: ['jitsi-meet-web', 'jitsi-meet-web-config', 'jitsi-meet-prosody', 'jicofo', 'jitsi-videobridge2'].map((p) => `${p} (= ${jitsi(p)})`).join(', '),
					description: 'doublure du banc d’essai pour jitsi-meet (métapaquet)\n Dépend des versions exactes de ses parties, comme le vrai.',
				},
				{
					paquet: 'jitsi-meet-web',
					version: jitsi('jitsi-meet-web'),
					description: 'doublure du banc d’essai pour jitsi-meet-web\n Une page d’accueil statique, pas l’application de visioconférence.',
					fichiers: {
						'usr/share/jitsi-meet/index.html':
							'<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Jitsi Meet (doublure)</title></head>\n<body><p>Jitsi Meet : doublure du banc d’essai Alliance Boréale.</p></body></html>\n',
					},
				},
				{
					paquet: 'jitsi-meet-web-config',
					version: jitsi('jitsi-meet-web-config'),
					depends: 'nginx, openssl, debconf',
					description:
						'doublure du banc d’essai pour jitsi-meet-web-config\n Comme le vrai : lit le nom public (jitsi-videobridge/jvb-hostname) et le\n choix de certificat dans debconf, crée un certificat auto-signé et un site\n nginx en HTTPS sur 443 qui sert /usr/share/jitsi-meet.',
					templates: [
						'Template: jitsi-meet/cert-choice\nType: select\nChoices: Let\'s Encrypt certificates, I want to use my own certificate, Generate a new self-signed certificate\nDescription: SSL certificate\n',
						'Template: jitsi-meet/jaas-choice\nType: boolean\nDefault: false\nDescription: Add a telephony to your Jitsi meetings?\n',
					].join('\n'),
					postinst: postinst(
						[
							'db_get jitsi-videobridge/jvb-hostname || RET=""',
							'NOM=${RET:-$(hostname -f)}',
							'db_get jitsi-meet/cert-choice',
							'case $RET in "Generate a new self-signed certificate") ;; *) echo "doublure : seul le certificat auto-signé est imité (choix : $RET)" >&2; exit 1 ;; esac',
							'db_stop',
							'install -d /etc/jitsi/meet',
							'[ -s /etc/jitsi/meet/"$NOM".crt ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$NOM" -keyout /etc/jitsi/meet/"$NOM".key -out /etc/jitsi/meet/"$NOM".crt 2>/dev/null',
							'cat >/etc/nginx/sites-available/"$NOM".conf <<FIN',
							'# DOUBLURE (banc d’essai Alliance Boréale) : site Jitsi Meet, certificat auto-signé.',
							'server {',
							'\tlisten 443 ssl;',
							'\tserver_name $NOM;',
							'\tssl_certificate /etc/jitsi/meet/$NOM.crt;',
							'\tssl_certificate_key /etc/jitsi/meet/$NOM.key;',
							'\troot /usr/share/jitsi-meet;',
							'\tindex index.html;',
							'}',
							'FIN',
							'ln -sfn ../sites-available/"$NOM".conf /etc/nginx/sites-enabled/"$NOM".conf',
							'if [ -d /run/systemd/system ]; then systemctl reload-or-restart nginx; fi',
							'',
						].join('\n'),
						true,
					),
				},
				{
					paquet: 'jitsi-meet-prosody',
					version: jitsi('jitsi-meet-prosody'),
					depends: 'prosody',
					description: 'doublure du banc d’essai pour jitsi-meet-prosody\n Amène le vrai prosody de Debian, sans la configuration de Jitsi.',
				},
				{
					paquet: 'jicofo',
					version: jitsi('jicofo'),
					description: 'doublure du banc d’essai pour jicofo\n Le vrai est une application Java : l’unité jicofo ne fait que rester active.',
					fichiers: { [`${UNITES.slice(1)}/jicofo.service`]: unite('Jitsi Conference Focus', '/usr/bin/sleep infinity') },
					postinst: postinst(demarrer('jicofo')),
				},
				{
					paquet: 'jitsi-videobridge2',
					version: jitsi('jitsi-videobridge2'),
					depends: 'debconf',
					description:
						'doublure du banc d’essai pour jitsi-videobridge2\n Lit jitsi-videobridge/jvb-hostname comme le vrai ; le vrai pont est une\n application Java, l’unité jitsi-videobridge2 ne fait que rester active.',
					templates: 'Template: jitsi-videobridge/jvb-hostname\nType: string\nDescription: The hostname of the current installation:\n',
					fichiers: { [`${UNITES.slice(1)}/jitsi-videobridge2.service`]: unite('Jitsi Videobridge', '/usr/bin/sleep infinity') },
					postinst: postinst(
						[
							'db_get jitsi-videobridge/jvb-hostname',
							'[ -n "$RET" ] || { echo "doublure : jitsi-videobridge/jvb-hostname vide" >&2; exit 1; }',
							'install -d /etc/jitsi/videobridge',
							'printf "JVB_HOSTNAME=%s\\n" "$RET" >/etc/jitsi/videobridge/config',
							'db_stop',
							demarrer('jitsi-videobridge2'),
						].join('\n'),
						true,
					),
				},
			],
		},
	};
}

function exiger(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, entree?: string): string {
	const r = spawnSync(cmd, args, { encoding: 'utf8', env, input: entree });
	if (r.error) throw r.error;
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.status}\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

function ecrire(chemin: string, contenu: string | Buffer, mode = 0o644) {
	mkdirSync(dirname(chemin), { recursive: true });
	writeFileSync(chemin, contenu);
	chmodSync(chemin, mode);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Construit le .deb d'une doublure ; rend son paragraphe de Packages (sans Filename). */
function construirePaquet(d: Doublure, tmp: string, deb: string): string {
	const arbre = join(tmp, d.paquet);
	const control = [
		`Package: ${d.paquet}`,
		`Version: ${d.version}`,
		'Architecture: all',
		`Maintainer: ${MAINTENEUR}`,
		...(d.depends ? [`Depends: ${d.depends}`] : []),
		'Section: misc',
		'Priority: optional',
		`Description: ${d.description}`,
	].join('\n');
	ecrire(join(arbre, 'DEBIAN', 'control'), `${control}\n`);
	for (const [chemin, f] of Object.entries(d.fichiers ?? {})) {
		const { contenu, mode } = typeof f === 'string' ? { contenu: f, mode: 0o644 } : f;
		ecrire(join(arbre, chemin), contenu, mode);
	}
	if (d.conffiles) ecrire(join(arbre, 'DEBIAN', 'conffiles'), `${d.conffiles.join('\n')}\n`);
	if (d.postinst) ecrire(join(arbre, 'DEBIAN', 'postinst'), d.postinst, 0o755);
	if (d.templates) ecrire(join(arbre, 'DEBIAN', 'templates'), d.templates);
	mkdirSync(dirname(deb), { recursive: true });
	exiger('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', arbre, deb]);
	const b = readFileSync(deb);
	return `${control}\nSize: ${b.length}\nSHA256: ${sha256(b)}`;
}

/** Release : les sommes des index, chemins relatifs au dossier du Release. */
function release(editeur: Editeur, depot: Depot, index: Record<string, Buffer>): string {
	const dists = !depot.suite.endsWith('/');
	return [
		'Origin: Alliance Boréale (banc d’essai)',
		`Label: doublure du dépôt ${editeur}`,
		...(dists ? [`Suite: ${depot.suite}`, `Codename: ${depot.suite}`, 'Architectures: amd64 all', `Components: ${depot.composant}`] : []),
		`Date: ${DATE_RELEASE}`,
		'SHA256:',
		...Object.entries(index).map(([nom, b]) => ` ${sha256(b)} ${b.length} ${nom}`),
		'',
	].join('\n');
}

/** Un dépôt signé dans `dest` (racine = l'URI du dépôt) ; rend l'empreinte de sa clé. */
function construireDepot(editeur: Editeur, depot: Depot, dest: string, gnupg: string): string {
	const env = { ...process.env, GNUPGHOME: gnupg };
	const gpg = (...args: string[]) => exiger('gpg', ['--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], env);
	gpg('--quick-gen-key', `Banc d’essai Alliance Boréale, doublure du dépôt ${editeur} <banc@invalid>`, 'ed25519', 'sign', 'never');
	const empreinte = gpg('--with-colons', '--list-keys').split('\n').find((l) => l.startsWith('fpr:'))?.split(':')[9];
	if (!empreinte) throw new Error(`empreinte de la clé ${editeur} introuvable`);
	ecrire(join(dest, 'cle.gpg'), Buffer.from(exiger('gpg', ['--batch', '--export', '--armor', empreinte], env)));

	const plat = depot.suite.endsWith('/');
	// Dépôt plat : index et .deb dans le dossier de la suite ; Filename relatif à la racine (l'URI).
	const dossierIndex = plat ? join(dest, depot.suite) : join(dest, 'dists', depot.suite);
	const dossierPackages = plat ? dossierIndex : join(dossierIndex, depot.composant, 'binary-amd64');
	const dossierDeb = plat ? dossierIndex : join(dest, 'pool', depot.composant);
	const tmp = join(dest, '.arbres');
	const paragraphes = depot.doublures.map((d) => {
		const deb = join(dossierDeb, `${d.paquet}_${d.version}_all.deb`);
		const p = construirePaquet(d, tmp, deb);
		return `${p.replace(/\nSize:/, `\nFilename: ${relative(dest, deb)}\nSize:`)}\n`;
	});
	rmSync(tmp, { recursive: true, force: true });
	const packages = Buffer.from(paragraphes.join('\n'));
	ecrire(join(dossierPackages, 'Packages'), packages);
	const rel = release(editeur, depot, { [relative(dossierIndex, join(dossierPackages, 'Packages'))]: packages });
	ecrire(join(dossierIndex, 'Release'), rel);
	gpg('--local-user', empreinte, '--clearsign', '--output', join(dossierIndex, 'InRelease'), join(dossierIndex, 'Release'));
	gpg('--local-user', empreinte, '--armor', '--detach-sign', '--output', join(dossierIndex, 'Release.gpg'), join(dossierIndex, 'Release'));
	return empreinte;
}

/** Ce que le banc publie pour un éditeur, et de quoi écrire `versions.depots`. */
export interface DepotFixture {
	/** Dossier du dépôt (racine = l'URI). */
	dossier: string;
	empreinte: string;
	/** Suite et composants, s'ils diffèrent de ceux de l'éditeur (jamais ici : même forme). */
	fichiers: string[];
}

/** Construit (ou reprend du cache) les trois dépôts ; rend, par éditeur, le dossier et l'empreinte. */
export function depotsFixtures(cache = join(machineCacheDir(), 'host', 'depots')): Record<Editeur, DepotFixture> & { duree: number; reutilise: boolean } {
	const debut = Date.now();
	const empreinteEntrees = createHash('sha256')
		.update(readFileSync(import.meta.filename))
		.update(JSON.stringify(APT_REPOSITORIES))
		.digest('hex')
		.slice(0, 16);
	const dest = join(cache, empreinteEntrees);
	let reutilise = true;
	if (!existsSync(join(dest, 'pret'))) {
		reutilise = false;
		rmSync(cache, { recursive: true, force: true });
		const neuf = `${dest}.${process.pid}`;
		const gnupg = join(tmpdir(), `ab-depots-gnupg-${process.pid}`);
		try {
			for (const [editeur, depot] of Object.entries(depots()) as [Editeur, Depot][]) {
				rmSync(gnupg, { recursive: true, force: true });
				mkdirSync(gnupg, { mode: 0o700 });
				const e = construireDepot(editeur, depot, join(neuf, editeur), gnupg);
				writeFileSync(join(neuf, editeur, 'empreinte'), `${e}\n`);
				spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupg } });
			}
		} finally {
			rmSync(gnupg, { recursive: true, force: true });
		}
		writeFileSync(join(neuf, 'pret'), '');
		renameSync(neuf, dest);
	}
	const lister = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? lister(join(d, f)) : [join(d, f)]));
	const un = (editeur: Editeur): DepotFixture => ({
		dossier: join(dest, editeur),
		empreinte: readFileSync(join(dest, editeur, 'empreinte'), 'utf8').trim(),
		fichiers: lister(join(dest, editeur)).map((f) => relative(join(dest, editeur), f)).filter((f) => f !== 'empreinte'),
	});
	return { collabora: un('collabora'), synapse: un('synapse'), jitsi: un('jitsi'), duree: Date.now() - debut, reutilise };
}
