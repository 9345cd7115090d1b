import { shellQuote as q } from '../../../text/shell-quote.ts';
import { splitCidr } from '../../ip.ts';
import { SSH_KEYS_FILE } from '../../files/host-files.ts';
import { installHostFile } from '../host-file-action.ts';
import type { PlanPhase } from '../types.ts';

/** Name, name resolution and admins' SSH keys. */
export const hostPhase: PlanPhase = ({ config: c, files }) => {
	const ip = splitCidr(c.hote.adresse).address;
	const fqdn = `${c.hote.nom}.${c.site.domaine}`;
	const hostname = installHostFile(files, '/etc/hostname');
	return [
		{
			id: 'hote.nom',
			phase: 'Hôte',
			title: `Nommer la machine « ${c.hote.nom} »`,
			description: 'Proxmox identifie chaque nœud par son nom court.',
			check: hostname.check,
			commands: [hostname.command, `hostnamectl set-hostname ${q(c.hote.nom)}`],
		},
		{
			id: 'hote.resolution',
			phase: 'Hôte',
			title: `Faire correspondre ${fqdn} à ${ip}`,
			description: 'Proxmox exige que le nom de la machine se résolve vers son adresse réelle, pas vers 127.0.1.1 : la ligne est ajoutée à /etc/hosts et les anciennes lignes de ce nom sont mises en commentaire.',
			check: `ab_resolution_conforme ${q(fqdn)} ${q(c.hote.nom)} ${ip}`,
			commands: [`ab_hosts_assurer ${ip} ${q(fqdn)} ${q(c.hote.nom)}`],
		},
		{
			id: 'hote.ssh',
			phase: 'Hôte',
			title: 'Autoriser les clés SSH des admins',
			description: `${c.ssh.cles.length} clé(s) publique(s) ajoutée(s) à /root/.ssh/authorized_keys ; les clés déjà présentes sont gardées.`,
			check: `ab_lignes_presentes /root/.ssh/authorized_keys ${SSH_KEYS_FILE}`,
			commands: [`ab_lignes_ajouter /root/.ssh/authorized_keys ${SSH_KEYS_FILE}`],
		},
	];
};
