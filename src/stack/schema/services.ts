import { z } from 'zod';
import { SERVICE_TYPES } from '../catalog.ts';
import { dnsLabel, integer, ipv4Cidr } from './fields.ts';

/** One entry of `services:` — one container. */
export const serviceEntry = z.strictObject({
	/** Service type (see the « Services » page). */
	service: z.enum(SERVICE_TYPES, {
		error: (i) => `service inconnu « ${String(i.input)} » ; valeurs acceptées : ${SERVICE_TYPES.join(', ')}`,
	}),
	/** Proxmox container id (VMID), unique on the site. */
	id: integer(100, 999_999_999),
	/** Container host name; also the public sub-domain of the service. */
	nom: dnsLabel,
	/** Container address with prefix, in the host's network. */
	adresse: ipv4Cidr,
	/** CPU cores. @default per service */
	coeurs: integer(1, 64).optional(),
	/** Memory in MiB. @default per service */
	memoire: integer(256, 1_048_576, ' Mio').optional(),
	/** Root disk in GiB. @default per service */
	disque: integer(2, 16_384, ' Gio').optional(),
});

/** `services:` — at least one. */
export const servicesSection = z.array(serviceEntry, { error: 'liste de services attendue' }).min(1, { error: 'au moins un service' });
