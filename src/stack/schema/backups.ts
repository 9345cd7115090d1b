import { z } from 'zod';
import { integer, storageName } from './fields.ts';

/** `sauvegardes.pbs:` — a remote Proxmox Backup Server. */
const pbs = z.strictObject({
	serveur: z.string({ error: 'texte attendu (serveur)' }).regex(/^[a-z0-9.-]{1,253}$/, { error: 'nom d’hôte ou adresse IPv4 attendu' }),
	datastore: z.string({ error: 'texte attendu (datastore)' }).regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'nom de datastore attendu' }),
	utilisateur: z
		.string({ error: 'texte attendu (utilisateur)' })
		.regex(/^[A-Za-z0-9._-]+@(pam|pbs)(![A-Za-z0-9._-]+)?$/, { error: 'utilisateur attendu de la forme « sauvegarde@pbs »' }),
	empreinte: z
		.string({ error: 'texte attendu (empreinte)' })
		.regex(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/i, { error: 'empreinte SHA-256 du certificat attendue (32 octets « aa:bb:… »)' }),
	/** Proxmox storage id of this PBS, unique per node of a cluster. @default "pbs-" + hote.nom */
	stockage: storageName.optional(),
	/**
	 * Client-side encryption: Proxmox creates a key (/etc/pve/priv/storage/ID.enc)
	 * that must be copied off the host. @default false
	 */
	chiffrement: z.boolean({ error: 'true ou false attendu' }).default(false),
});

/** `sauvegardes:` — schedule, retention, optional PBS. */
export const backupsSection = z
	.strictObject({
		/**
		 * Proxmox calendar (simplified systemd format). Daily by default: each
		 * `keep-*` keeps the last backup of its period, so a weekly schedule
		 * would turn « 7 quotidiennes » into seven weekly backups.
		 * @default "01:00"
		 */
		horaire: z
			.string({ error: 'texte attendu (calendrier)' })
			.regex(/^[a-z0-9 :,.*/-]{1,40}$/, { error: 'calendrier attendu, par exemple « 01:00 » (chaque jour) ou « sun 02:30 »' })
			.default('01:00'),
		conservation: z
			.strictObject({
				quotidiennes: integer(0, 365).default(7),
				hebdomadaires: integer(0, 104).default(4),
				mensuelles: integer(0, 120).default(6),
			})
			.prefault({}),
		/** Remote Proxmox Backup Server, optional. */
		pbs: pbs.optional(),
	})
	.prefault({});
