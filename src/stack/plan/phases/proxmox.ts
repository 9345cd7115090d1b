import { shellQuote as q } from '../../../text/shell-quote.ts';
import { PROXMOX } from '../../versions.ts';
import { proxmoxKeyPath } from '../../files/common.ts';
import { POSTFIX_DEBCONF_FILE } from '../../files/host-files.ts';
import { installHostFile } from '../host-file-action.ts';
import type { PlanPhase } from '../types.ts';

/** Proxmox VE over Debian, after the official « Install Proxmox VE on Debian » procedure. */
export const proxmoxPhase: PlanPhase = ({ config: c, files }) => {
	const px = PROXMOX[c.hote.debian];
	const override = c.versions?.cle_proxmox;
	const key = override ? { url: override.url, algo: 'sha256', sum: override.sha256, source: 'configuration du site (versions.cle_proxmox)' } : px.key;
	const repo = installHostFile(files, '/etc/apt/sources.list.d/proxmox.sources');
	const kernels = px.debianKernels.map(q).join(' ');
	const auto = installHostFile(files, '/etc/apt/apt.conf.d/20auto-upgrades');
	const autoLocal = installHostFile(files, '/etc/apt/apt.conf.d/52alliance-boreale');
	return [
		{
			id: 'proxmox.outils',
			phase: 'Proxmox VE',
			title: 'Installer les outils de téléchargement',
			description: 'curl et les certificats racine servent à récupérer la clé du dépôt Proxmox ; ping vérifie la passerelle après le changement de réseau.',
			check: 'ab_paquets_presents curl ca-certificates iputils-ping',
			commands: ['apt-get update', 'apt-get install -y curl ca-certificates iputils-ping'],
		},
		{
			id: 'proxmox.cle',
			phase: 'Proxmox VE',
			title: `Installer la clé du dépôt Proxmox VE ${px.pve}`,
			description: `La clé est téléchargée puis sa somme ${key.algo} est comparée à celle publiée (${key.source}) ; une clé différente est refusée.`,
			check: `ab_somme_conforme ${proxmoxKeyPath(c)} ${key.algo} ${key.sum}`,
			commands: [`ab_telecharger_verifie ${key.url} ${proxmoxKeyPath(c)} ${key.algo} ${key.sum}`],
		},
		{
			id: 'proxmox.depot',
			phase: 'Proxmox VE',
			title: 'Déclarer le dépôt « pve-no-subscription »',
			description: `Dépôt gratuit de Proxmox VE ${px.pve} pour Debian ${px.suite}, signé par la clé vérifiée.`,
			check: repo.check,
			commands: [repo.command],
		},
		{
			id: 'proxmox.noyau',
			phase: 'Proxmox VE',
			title: 'Mettre le système à jour et installer le noyau Proxmox',
			description: 'Mise à jour complète de Debian puis installation de proxmox-default-kernel.',
			check: 'ab_paquets_presents proxmox-default-kernel',
			commands: ['apt-get update', 'apt-get full-upgrade -y', 'apt-get install -y proxmox-default-kernel'],
		},
		{
			id: 'proxmox.redemarrage',
			phase: 'Proxmox VE',
			title: 'Démarrer sur le noyau Proxmox',
			description: 'Si la machine tourne encore sur le noyau Debian, le script s’arrête et demande un redémarrage ; relance ensuite « ./deploy.sh apply », il reprendra ici.',
			check: 'ab_noyau_proxmox_actif',
			commands: ['ab_demander_redemarrage'],
		},
		{
			id: 'proxmox.paquets',
			phase: 'Proxmox VE',
			title: 'Installer Proxmox VE',
			description: 'Paquets proxmox-ve, postfix (configuré en « local only »), open-iscsi et chrony.',
			check: 'ab_paquets_presents proxmox-ve postfix open-iscsi chrony',
			commands: [`debconf-set-selections ${POSTFIX_DEBCONF_FILE}`, 'apt-get install -y proxmox-ve postfix open-iscsi chrony'],
		},
		{
			id: 'proxmox.depot-entreprise',
			phase: 'Proxmox VE',
			title: 'Retirer les dépôts « enterprise »',
			description: 'Ils demandent un abonnement payant et font échouer apt-get update sans lui.',
			check: 'ab_depots_entreprise_absents',
			commands: ['ab_depots_entreprise_retirer'],
		},
		{
			id: 'proxmox.noyau-debian',
			phase: 'Proxmox VE',
			title: 'Retirer le noyau Debian',
			description: 'Le noyau Proxmox le remplace ; l’ancien ne recevrait plus les correctifs adaptés.',
			check: `ab_paquets_absents ${kernels}`,
			commands: [`apt-get remove -y ${kernels}`, 'update-grub'],
		},
		{
			id: 'proxmox.os-prober',
			phase: 'Proxmox VE',
			title: 'Retirer os-prober',
			description: 'Sinon, le menu de démarrage pourrait ajouter les disques des machines virtuelles.',
			check: 'ab_paquets_absents os-prober',
			commands: ['apt-get remove -y os-prober'],
		},
		{
			id: 'hote.mises-a-jour',
			phase: 'Proxmox VE',
			title: 'Activer les mises à jour de sécurité automatiques',
			description: 'unattended-upgrades applique chaque jour les correctifs de sécurité Debian ; Proxmox reste à jour à la main.',
			check: `ab_paquets_presents unattended-upgrades && ${auto.check} && ${autoLocal.check}`,
			commands: ['apt-get install -y unattended-upgrades', auto.command, autoLocal.command],
		},
	];
};
