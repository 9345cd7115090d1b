import { z } from 'zod';
import { storageName } from './fields.ts';

/** `stockage:` — Proxmox storage ids. */
export const storageSection = z
	.strictObject({
		/**
		 * Storage of container disks. « auto » picks, on the host, local-lvm (ISO
		 * installer), then local-zfs, then local (every Proxmox VE has it).
		 * @default "auto"
		 */
		conteneurs: storageName.default('auto'),
		/** Storage of templates (vztmpl). @default "local" */
		modeles: storageName.default('local'),
		/** Storage of local vzdump backups. @default "local" */
		sauvegardes: storageName.default('local'),
	})
	.prefault({});
