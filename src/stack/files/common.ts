/** Pieces shared by the generated files: header line, paths, artefacts. */
import type { Config } from '../config.ts';
import { ARCHIVES, PROXMOX } from '../versions.ts';

/** First comment line of every generated file (French: people open these files). */
export const header = (c: Config) => `Généré par Alliance Boréale pour le site « ${c.site.nom} » — ne pas modifier à la main : relance « deploy.sh apply ».`;

/** Where the proxy's certificate lives (one certificate, every public name). */
export const CERT_DIR = '/etc/ssl/alliance-boreale';

/** Path of the Proxmox repository key for the host's release. */
export function proxmoxKeyPath(c: Config): string {
	return c.hote.debian === 12 ? '/usr/share/keyrings/proxmox-release-bookworm.gpg' : '/usr/share/keyrings/proxmox-archive-keyring.gpg';
}

/**
 * Container template: the exact file pinned in `versions.modele`, or a
 * prefix (« debian-13-standard ») that the host resolves to the newest build
 * in pveam's index, which keeps only the latest one (#15 point 9).
 */
export function templateName(c: Config): string {
	return c.versions?.modele ?? PROXMOX[c.hote.debian].template;
}

/** A service archive: the pinned one, or the site file's override. */
export function archive(c: Config, which: 'nextcloud' | 'element') {
	const pinned = ARCHIVES[which];
	const override = c.versions?.[which];
	const url = override?.url ?? pinned.url;
	return {
		url,
		sha256: override?.sha256 ?? pinned.sum,
		file: url.split('/').pop() as string,
		source: override ? 'configuration du site (versions)' : pinned.source,
	};
}
