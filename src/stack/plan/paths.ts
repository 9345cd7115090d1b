/** Host folders the bundle uses (the bash side declares the same in lib/hote.sh). */
import type { Service } from '../config.ts';

export const STATE_DIR = '/var/lib/alliance-boreale';
export const CACHE_DIR = '/var/cache/alliance-boreale';
export const SECRETS_DIR = '/etc/alliance-boreale/secrets';

/** Secrets each service expects (0600 files, never in the YAML). */
export const SERVICE_SECRETS: Partial<Record<Service['service'], string[]>> = {
	nextcloud: ['nextcloud-admin'],
	collabora: ['collabora-admin'],
	synapse: ['synapse-admin'],
};
