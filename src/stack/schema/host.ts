import { z } from 'zod';
import { dnsLabel, httpUrl, integer, ipv4, ipv4Cidr } from './fields.ts';

/** `hote:` — the Proxmox machine and its network. */
export const hostSection = z.strictObject({
	/** Short name of the Proxmox machine. */
	nom: dnsLabel,
	/**
	 * Installed Debian release: 13 → Proxmox VE 9 (the current release); 12 →
	 * Proxmox VE 8, only for hosts already in service (see `deploy.sh verifier-pve9`).
	 * @default 13
	 */
	debian: z.union([z.literal(12), z.literal(13)], { error: 'valeurs acceptées : 13 (Proxmox VE 9) ou 12 (Proxmox VE 8, hôte existant seulement)' }).default(13),
	/** Physical network card attached to the bridge. */
	interface: z.string({ error: 'texte attendu (interface réseau)' }).regex(/^[a-z][a-z0-9_.-]{0,14}$/, {
		error: (i) => `« ${String(i.input)} » n’est pas un nom d’interface réseau valide, par exemple « eno1 » ou « enp3s0 »`,
	}),
	/** Host address with prefix. */
	adresse: ipv4Cidr,
	/** Default gateway, inside the host's network. */
	passerelle: ipv4,
	/** DNS servers (1 to 3). */
	dns: z.array(ipv4, { error: 'liste d’adresses IPv4 attendue' }).min(1, { error: 'au moins un serveur DNS' }).max(3, { error: 'trois serveurs DNS au plus' }),
	/** Linux bridge of the containers. @default "vmbr0" */
	pont: z
		.string({ error: 'texte attendu (nom de pont)' })
		.regex(/^vmbr\d{1,4}$/, { error: (i) => `« ${String(i.input)} » : nom de pont attendu de la forme « vmbr0 » à « vmbr9999 »` })
		.default('vmbr0'),
	/** 802.1Q VLAN of the containers and the host, if the network uses one. */
	vlan: integer(1, 4094).optional(),
	/** RAM of the machine in MiB (used to refuse an impossible configuration). */
	memoire: integer(4096, 16_777_216, ' Mio'),
	/** Debian mirror for the containers. @default "http://deb.debian.org/debian" */
	miroir: httpUrl.optional(),
});
