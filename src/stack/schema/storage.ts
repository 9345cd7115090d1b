import { z } from 'zod';
import { storageName } from './fields.ts';

/** `stockage:` — Proxmox storage ids. */
export const storageSection = z
	.strictObject({
		/** Storage of container disks. @default "local-lvm" */
		conteneurs: storageName.default('local-lvm'),
		/** Storage of templates (vztmpl). @default "local" */
		modeles: storageName.default('local'),
		/** Storage of local vzdump backups. @default "local" */
		sauvegardes: storageName.default('local'),
	})
	.prefault({});
