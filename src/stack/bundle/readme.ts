/** README.md of a bundle (French: the person deploying reads it). */
import { frenchSpacing } from '../../text/french-typography.ts';
import type { Config } from '../config.ts';
import { CATALOG } from '../catalog.ts';
import { PROXMOX, APT_REPOSITORIES } from '../versions.ts';
import { archive } from '../files/common.ts';
import { STATE_DIR, SECRETS_DIR } from '../plan/paths.ts';
import type { Plan } from '../plan/index.ts';

/** How devices reach the services: the Internet (ACME) or the local network (internal CA). */
function access(c: Config): string {
	const proxy = c.services.find((s) => s.service === 'proxy');
	const jitsi = c.services.find((s) => s.service === 'jitsi');
	if (!proxy) return '';
	if (c.tls.mode === 'acme') {
		return `Sur ton routeur, redirige les ports TCP 80 et 443 vers le conteneur du mandataire (${proxy.ip})${jitsi ? `, et le port UDP 10000 vers le conteneur Jitsi (${jitsi.ip})` : ''}. Crée aussi, chez ton fournisseur de domaine, un enregistrement DNS de chaque nom public vers ton adresse publique : Let’s Encrypt en a besoin pour délivrer le certificat.`;
	}
	return `Sur ton réseau local, fais pointer chaque nom public vers le mandataire (${proxy.ip}) : dans le DNS de ton routeur, ou dans le fichier hosts des postes. Installe ensuite sur chaque poste le certificat de l’autorité locale, servi à l’adresse http://${proxy.ip}/autorite-locale.crt, pour que les navigateurs fassent confiance aux services.`;
}

/** The README's Markdown, before French spacing. */
function readmeMarkdown(c: Config, plan: Plan): string {
	const px = PROXMOX[c.hote.debian];
	const rows = c.services.map((s) => `| ${s.id} | ${s.nom} | ${CATALOG[s.service].title} | ${s.adresse} | ${s.service === 'proxy' ? '—' : `https://${s.fqdn}`} |`);
	return `# Site « ${c.site.nom} » — paquet de déploiement Alliance Boréale

Ce dossier installe Proxmox VE ${px.pve} sur Debian ${c.hote.debian} (${px.suite}), puis un conteneur LXC non privilégié par service, derrière un mandataire HTTPS. Il a été produit à partir de \`config/site.yaml\`.${c.hote.debian === 12 ? `\n\n**Proxmox VE 8 n’est plus maintenu depuis août 2026 (FAQ de Proxmox).** Ce paquet le garde pour un hôte déjà en service ; prépare la mise à niveau vers Proxmox VE 9 avec \`./deploy.sh verifier-pve9\` (il lance \`pve8to9 --full\` et explique chaque point), puis suis la marche officielle « Upgrade from 8 to 9 ». Une nouvelle machine s’installe en Debian 13 (\`hote.debian: 13\`).` : ''}

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
| \`./deploy.sh verifier-pve9\` | sur un hôte Proxmox VE 8 : vérifie la mise à niveau vers 9 (\`pve8to9 --full\`), en français |

Chaque exécution est journalisée dans \`/var/log/alliance-boreale/\`.

Le premier \`apply\` s’arrête après l’installation du noyau Proxmox : redémarre la machine (\`systemctl reboot\`), puis relance \`./deploy.sh apply\`.

${c.sauvegardes.pbs ? '' : `## Sauvegardes : attention\n\nLes sauvegardes vont sur « ${c.stockage.sauvegardes} », **le disque même des conteneurs** : une panne de disque emporterait les deux. Ajoute un Proxmox Backup Server (\`sauvegardes.pbs\`, avec \`chiffrement: true\`) ou un stockage sur un autre disque (\`stockage.sauvegardes\`). Pour remettre une sauvegarde : \`./deploy.sh restore ID NOUVEL_ID\`.\n\n`}## Secrets

Aucun mot de passe n’est écrit dans \`config/site.yaml\`. Les mots de passe sont lus dans \`${SECRETS_DIR}/\` (un fichier par secret, mode 0600, dossier 0700). S’il en manque un, \`apply\` le demande au clavier (laisse vide pour en tirer un au hasard). Ils ne sont jamais affichés ni journalisés. Pour lire le mot de passe de l’admin Nextcloud : \`cat ${SECRETS_DIR}/nextcloud-admin\`.

## Services

| conteneur | nom | service | adresse | adresse publique |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

${access(c)}

## Versions épinglées

- Clé du dépôt Proxmox : somme ${px.key.algo} publiée (${px.key.source}).
${c.services.some((s) => s.service === 'nextcloud') ? `- Nextcloud : ${archive(c, 'nextcloud').file}, sha256 ${archive(c, 'nextcloud').sha256}.\n` : ''}${c.services.some((s) => s.service === 'synapse') ? `- Element : ${archive(c, 'element').file}, sha256 ${archive(c, 'element').sha256} ; Synapse ${APT_REPOSITORIES.synapse.version} (dépôt matrix.org, clé ${APT_REPOSITORIES.synapse.fingerprint}).\n` : ''}${c.services.some((s) => s.service === 'collabora') ? `- Collabora Online : ${APT_REPOSITORIES.collabora.version} (dépôt CODE, clé ${APT_REPOSITORIES.collabora.fingerprint}).\n` : ''}${c.services.some((s) => s.service === 'jitsi') ? `- Jitsi Meet : ${APT_REPOSITORIES.jitsi.version} (dépôt download.jitsi.org, clé ${APT_REPOSITORIES.jitsi.fingerprint}).\n` : ''}
L’état des services déployés est gardé dans \`${STATE_DIR}/\`.
`;
}

/** French spacing on a Markdown's prose, never inside code blocks or inline code. */
function markdownSpacing(md: string): string {
	let code = false;
	return md
		.split('\n')
		.map((line) => {
			if (line.trimStart().startsWith('```')) code = !code;
			if (code || line.trimStart().startsWith('```')) return line;
			return line.split(/(`[^`]*`)/).map((part, i) => (i % 2 ? part : frenchSpacing(part))).join('');
		})
		.join('\n');
}

/** README.md of the bundle. */
export function readme(c: Config, plan: Plan): string {
	return markdownSpacing(readmeMarkdown(c, plan));
}
