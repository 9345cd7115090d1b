import { z } from 'zod';
import { ipv4 } from './fields.ts';

/** `cluster:` — optional Proxmox cluster. */
export const clusterSection = z
	.strictObject({
		/** Proxmox cluster name. */
		nom: z.string({ error: 'texte attendu (nom de cluster)' }).regex(/^[a-z][a-z0-9-]{0,14}$/, { error: 'nom de cluster : 1 à 15 caractères a-z, 0-9, « - »' }),
		/** « creer » on the first node, « rejoindre » on the next ones. */
		role: z.enum(['creer', 'rejoindre'], { error: (i) => `rôle inconnu « ${String(i.input)} » ; valeurs acceptées : creer, rejoindre` }),
		/** Address of a node already in the cluster (for « rejoindre »). */
		pair: ipv4.optional(),
		/**
		 * SHA-256 fingerprint of that node's API certificate (`pvenode cert info`),
		 * required for « rejoindre »: the join goes over the API, not root SSH.
		 */
		empreinte: z
			.string({ error: 'texte attendu (empreinte)' })
			.regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i, { error: 'empreinte SHA-256 du certificat attendue (32 octets « AA:BB:… », voir pvenode cert info)' })
			.optional(),
	})
	.optional();
