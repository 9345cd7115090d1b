/**
 * Le paquet : tous les fichiers que l'utilisateur copie sur sa machine.
 * Fonction pure (aucun accès disque) : la CLI écrit ces fichiers, le
 * Configurateur les zippe dans le navigateur ; les octets sont identiques.
 */
import { stringify } from 'yaml';
import type { Config } from './config.ts';
import { CATALOGUE } from './services/catalogue.ts';
import { PROXMOX, DEPOTS } from './versions.ts';
import * as F from './fichiers.ts';
import { construirePlan, planEnTexte, type Plan, type Fichiers, ETAT, SECRETS } from './plan.ts';
import { LIB, SCRIPTS_SERVICES, SCRIPT_DEPLOY } from './shell/index.ts';
import { sha256 } from './sha256.ts';
import { typo } from './typo.ts';

export interface FichierPaquet {
	chemin: string;
	contenu: string;
	/** Mode Unix, en octal texte. */
	mode: '0644' | '0755';
}

export interface Paquet {
	plan: Plan;
	fichiers: FichierPaquet[];
}

/** Fichiers de configuration et scripts dont dépend le plan. */
export function fichiersDeBase(c: Config, yaml: string): Fichiers {
	const f: Fichiers = {
		'config/site.yaml': yaml,
		'config/site.env': F.siteEnv(c),
		...LIB,
		'fichiers/hote/etc/hostname': `${c.hote.nom}\n`,
		'fichiers/hote/etc/network/interfaces': F.interfaces(c),
		'fichiers/hote/etc/nftables.conf': F.nftables(c),
		'fichiers/hote/etc/apt/sources.list.d/proxmox.sources': F.sourcesProxmox(c),
		'fichiers/hote/etc/apt/apt.conf.d/20auto-upgrades': F.autoUpgrades(),
		'fichiers/hote/etc/apt/apt.conf.d/52alliance-boreale': F.unattendedLocal(c),
		'fichiers/hote/debconf-postfix.txt': F.debconfPostfix(c),
		'fichiers/hote/cles-ssh.pub': F.clesSsh(c),
	};
	const proxy = c.services.find((s) => s.service === 'proxy');
	for (const s of c.services) {
		f[`services/${s.service}.sh`] = SCRIPTS_SERVICES[s.service];
		if (s.service !== 'proxy') f[`fichiers/proxy/nginx/${s.fqdn}.conf`] = F.nginxVhost(c, s);
		if (s.service === 'nextcloud') f['fichiers/nextcloud/nginx.conf'] = F.nginxNextcloud(c, s);
		if (s.service === 'synapse') {
			f['fichiers/synapse/alliance-boreale.yaml'] = F.synapseConf(c, s, proxy);
			f['fichiers/synapse/element-config.json'] = F.elementConfig(s);
			f['fichiers/synapse/element-nginx.conf'] = F.nginxElement(c);
		}
	}
	if (proxy) f['fichiers/proxy/nginx/alliance-boreale.conf'] = F.nginxProxyCommun(c);
	return f;
}

/** Heredoc bash sûr : le délimiteur ne peut pas apparaître dans le texte. */
function heredoc(texte: string): string {
	let fin = 'AB_FIN';
	while (texte.split('\n').includes(fin)) fin += '_';
	return `cat <<'${fin}'\n${texte}\n${fin}`;
}

/** Chaîne bash entre guillemets doubles (l'apostrophe typographique y est permise). */
function citer(s: string): string {
	return `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** lib/plan.sh : une fonction « verifier » et une « appliquer » par action. */
export function planEnBash(plan: Plan): string {
	const l = [
		'# shellcheck shell=bash',
		`# Plan généré par Alliance Boréale pour le site « ${plan.site} » — ne pas modifier à la main.`,
		`declare -rx AB_PLAN_NOMBRE=${plan.actions.length}`,
		'',
		'# Accès aux métadonnées d’une action par son numéro.',
		'ab_plan_id() {',
		'\tcase "$1" in',
		...plan.actions.map((a) => `\t\t${a.numero}) printf '%s' ${citer(a.id)} ;;`),
		'\t\t*) return 1 ;;',
		'\tesac',
		'}',
		'',
		'ab_plan_titre() {',
		'\tcase "$1" in',
		...plan.actions.map((a) => `\t\t${a.numero}) printf '%s' ${citer(`${a.phase} — ${a.titre}`)} ;;`),
		'\t\t*) return 1 ;;',
		'\tesac',
		'}',
		'',
	];
	for (const a of plan.actions) {
		l.push(
			`# --- ${a.numero}. ${a.id} ---`,
			`ab_plan_verifier_${a.numero}() {`,
			`\t${a.verifier}`,
			'}',
			`ab_plan_appliquer_${a.numero}() {`,
			...a.commandes.map((c) => `\t${c}`),
			'}',
			`ab_plan_commandes_${a.numero}() {`,
			heredoc(a.commandes.join('\n')),
			'}',
			'',
		);
	}
	return l.join('\n');
}

/** Comment les postes joignent les services : Internet (ACME) ou réseau local (autorité interne). */
function acces(c: Config): string {
	const proxy = c.services.find((s) => s.service === 'proxy');
	const jitsi = c.services.find((s) => s.service === 'jitsi');
	if (!proxy) return '';
	if (c.tls.mode === 'acme') {
		return `Sur ta box ou ton routeur, redirige les ports TCP 80 et 443 vers le conteneur proxy (${proxy.ip})${jitsi ? `, et le port UDP 10000 vers le conteneur Jitsi (${jitsi.ip})` : ''}. Crée aussi, chez ton fournisseur de domaine, un enregistrement DNS de chaque nom public vers ton adresse publique : Let’s Encrypt en a besoin pour délivrer le certificat.`;
	}
	return `Sur ton réseau local, fais pointer chaque nom public vers le proxy (${proxy.ip}) : dans le DNS de ta box, ou dans le fichier hosts des postes. Installe ensuite sur chaque poste le certificat de l’autorité locale, servi à l’adresse http://${proxy.ip}/autorite-locale.crt, pour que les navigateurs fassent confiance aux services.`;
}

function readme(c: Config, plan: Plan): string {
	const px = PROXMOX[c.hote.debian];
	const lignes = c.services.map((s) => `| ${s.id} | ${s.nom} | ${CATALOGUE[s.service].titre} | ${s.adresse} | ${s.service === 'proxy' ? '—' : `https://${s.fqdn}`} |`);
	return `# Site « ${c.site.nom} » — paquet de déploiement Alliance Boréale

Ce dossier installe Proxmox VE ${px.pve} sur Debian ${c.hote.debian} (${px.suite}), puis un conteneur LXC non privilégié par service, derrière un mandataire HTTPS. Il a été produit à partir de \`config/site.yaml\`.

## Avant de commencer

1. Une machine Debian ${c.hote.debian} fraîchement installée (amd64, virtualisation activée dans le BIOS), reliée au réseau par \`${c.hote.interface}\` avec l’adresse ${c.hote.adresse}.
2. Copie ce dossier sur la machine, par exemple dans \`/root/alliance-boreale\`, puis vérifie qu’il est intact :

   \`\`\`sh
   sha256sum -c SHA256SUMS
   \`\`\`

3. Lis le plan : \`./deploy.sh plan\` (il ne modifie rien et dit, pour chaque action, si elle est déjà en place).

## Commandes

| commande | effet |
| --- | --- |
| \`./deploy.sh plan\` | affiche les ${plan.actions.length} actions et leur état, ne modifie rien |
| \`./deploy.sh apply\` | applique ce qui manque ; relancé, il répond « déjà en place » |
| \`./deploy.sh status\` | état des conteneurs et des services |
| \`./deploy.sh backup\` | sauvegarde immédiate (vzdump) de tous les conteneurs |
| \`./deploy.sh update\` | met à jour chaque conteneur après une sauvegarde, et la restaure si la mise à jour échoue |

Chaque exécution est journalisée dans \`/var/log/alliance-boreale/\`.

Le premier \`apply\` s’arrête après l’installation du noyau Proxmox : redémarre la machine (\`systemctl reboot\`), puis relance \`./deploy.sh apply\`.

## Secrets

Aucun mot de passe n’est écrit dans \`config/site.yaml\`. Les mots de passe sont lus dans \`${SECRETS}/\` (un fichier par secret, mode 0600, dossier 0700). S’il en manque un, \`apply\` le demande au clavier (laisse vide pour en tirer un au hasard). Ils ne sont jamais affichés ni journalisés. Pour lire le mot de passe de l’admin Nextcloud : \`cat ${SECRETS}/nextcloud-admin\`.

## Services

| conteneur | nom | service | adresse | adresse publique |
| --- | --- | --- | --- | --- |
${lignes.join('\n')}

${acces(c)}

## Versions épinglées

- Clé du dépôt Proxmox : somme ${px.cle.algo} publiée (${px.cle.source}).
${c.services.some((s) => s.service === 'nextcloud') ? `- Nextcloud : ${F.archive(c, 'nextcloud').fichier}, sha256 ${F.archive(c, 'nextcloud').sha256}.\n` : ''}${c.services.some((s) => s.service === 'synapse') ? `- Element : ${F.archive(c, 'element').fichier}, sha256 ${F.archive(c, 'element').sha256} ; Synapse ${DEPOTS.synapse.version} (dépôt matrix.org, clé ${DEPOTS.synapse.empreinte}).\n` : ''}${c.services.some((s) => s.service === 'collabora') ? `- Collabora Online : ${DEPOTS.collabora.version} (dépôt CODE, clé ${DEPOTS.collabora.empreinte}).\n` : ''}${c.services.some((s) => s.service === 'jitsi') ? `- Jitsi Meet : ${DEPOTS.jitsi.version} (dépôt download.jitsi.org, clé ${DEPOTS.jitsi.empreinte}).\n` : ''}
L’état des services déployés est gardé dans \`${ETAT}/\`.
`;
}

/** Typographie française sur la prose d'un Markdown, jamais dans les blocs de code ni le code en ligne. */
function typoMarkdown(md: string): string {
	let code = false;
	return md
		.split('\n')
		.map((ligne) => {
			if (ligne.trimStart().startsWith('```')) code = !code;
			if (code || ligne.trimStart().startsWith('```')) return ligne;
			return ligne.split(/(`[^`]*`)/).map((morceau, i) => (i % 2 ? morceau : typo(morceau))).join('');
		})
		.join('\n');
}

/** Construit le paquet complet à partir d'une configuration validée et du YAML d'origine. */
export function construirePaquet(c: Config, yaml?: string): Paquet {
	const texteYaml = yaml ?? stringify(c);
	const base = fichiersDeBase(c, texteYaml);
	const plan = construirePlan(c, base);
	const tous: Fichiers = {
		...base,
		'deploy.sh': SCRIPT_DEPLOY,
		'lib/plan.sh': planEnBash(plan),
		'plan.json': `${JSON.stringify(plan, null, 2)}\n`,
		'PLAN.txt': planEnTexte(plan),
		'README.md': typoMarkdown(readme(c, plan)),
	};
	const chemins = Object.keys(tous).sort();
	const sommes = chemins.map((p) => `${sha256(tous[p])}  ${p}`).join('\n');
	const fichiers: FichierPaquet[] = chemins.map((p) => ({ chemin: p, contenu: tous[p], mode: p === 'deploy.sh' || p.startsWith('services/') ? '0755' : '0644' }));
	fichiers.push({ chemin: 'SHA256SUMS', contenu: `${sommes}\n`, mode: '0644' });
	return { plan, fichiers };
}
