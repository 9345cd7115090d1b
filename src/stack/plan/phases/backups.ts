import { shellQuote as q } from '../../../text/shell-quote.ts';
import { SECRETS_DIR } from '../paths.ts';
import type { ActionDraft, PlanPhase } from '../types.ts';

/** Optional PBS storage, then the scheduled vzdump job. */
export const backupsPhase: PlanPhase = ({ config: c }) => {
	const b = c.sauvegardes;
	const actions: ActionDraft[] = [];
	if (b.pbs) {
		const p = b.pbs;
		actions.push(
			{
				id: 'sauvegardes.pbs-secret',
				phase: 'Sauvegardes',
				title: 'Préparer le mot de passe Proxmox Backup Server',
				description: `Lu dans ${SECRETS_DIR}/pbs (mode 0600) ou demandé au clavier : c’est le mot de passe du compte ${p.utilisateur} sur le serveur de sauvegarde. Jamais affiché.`,
				check: 'ab_secret_present pbs',
				commands: ['ab_secret_creer pbs exige'],
			},
			{
				id: 'sauvegardes.pbs',
				phase: 'Sauvegardes',
				title: `Déclarer le stockage Proxmox Backup Server « ${p.stockage} »`,
				description: `Datastore ${p.datastore} sur ${p.serveur}, certificat vérifié par son empreinte.`,
				check: `ab_stockage_present ${q(p.stockage)}`,
				commands: [`ab_pbs_ajouter ${q(p.stockage)} ${q(p.serveur)} ${q(p.datastore)} ${q(p.utilisateur)} ${q(p.empreinte)}`],
			},
		);
		if (p.chiffrement) {
			actions.push({
				id: 'sauvegardes.pbs-chiffrement',
				phase: 'Sauvegardes',
				title: `Chiffrer les sauvegardes envoyées à « ${p.stockage} »`,
				description: `Proxmox crée une clé de chiffrement côté client (/etc/pve/priv/storage/${p.stockage}.enc) : le serveur de sauvegarde ne voit que des données chiffrées. Copie cette clé hors de la machine : sans elle, les sauvegardes sont illisibles.`,
				check: `ab_pbs_cle_presente ${q(p.stockage)}`,
				commands: [`ab_pbs_cle_creer ${q(p.stockage)}`],
			});
		}
	}
	const storage = b.pbs ? b.pbs.stockage : c.stockage.sauvegardes;
	const keep = b.conservation;
	const jobId = `ab-${c.site.nom}`;
	actions.push({
		id: 'sauvegardes.tache',
		phase: 'Sauvegardes',
		title: `Planifier les sauvegardes (${b.horaire})`,
		description: `vzdump en mode snapshot vers « ${storage} », rétention : ${keep.quotidiennes} quotidiennes, ${keep.hebdomadaires} hebdomadaires, ${keep.mensuelles} mensuelles.${b.pbs ? '' : ' ATTENTION : ce stockage est sur la machine même ; une panne de disque emporterait conteneurs et sauvegardes. Ajoute un Proxmox Backup Server (sauvegardes.pbs) ou un stockage sur un autre disque.'}`,
		check: `ab_tache_sauvegarde_presente ${q(jobId)}`,
		commands: [
			[
				`pvesh create /cluster/backup --id ${q(jobId)} --schedule ${q(b.horaire)} --storage ${q(storage)}`,
				`--vmid ${c.services.map((s) => s.id).join(',')} --mode snapshot --compress zstd --enabled 1`,
				`--prune-backups ${q(`keep-daily=${keep.quotidiennes},keep-weekly=${keep.hebdomadaires},keep-monthly=${keep.mensuelles}`)}`,
				`--notes-template ${q('{{guestname}} (Alliance Boréale)')}`,
			].join(' '),
		],
	});
	return actions;
};
