import { z } from 'zod';
import { download } from './fields.ts';

/** `versions:` — advanced overrides: a newer published release or a local mirror. */
export const versionsSection = z
	.strictObject({
		/** Proxmox repository key (local mirror): sha256 required. */
		cle_proxmox: download.optional(),
		nextcloud: download.optional(),
		element: download.optional(),
		modele: z
			.string({ error: 'texte attendu (nom de modèle)' })
			.regex(/^debian-1[23]-standard_[0-9.]+-[0-9]+_amd64\.tar\.zst$/, { error: 'nom de modèle attendu, par exemple « debian-12-standard_12.12-1_amd64.tar.zst »' })
			.optional(),
	})
	.optional();
