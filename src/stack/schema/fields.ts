/**
 * Field types shared by the sections of the site file. Messages are French:
 * they are what the person who wrote the YAML reads.
 */
import { z } from 'zod';
import { IPV4, IPV4_CIDR } from '../ip.ts';

const DNS_LABEL_RULE = 'n’est pas une étiquette DNS valide : 1 à 63 caractères parmi a-z, 0-9 et « - », sans « - » au début ni à la fin';

/** DNS label (RFC 1123), lower case. */
export const dnsLabel = z
	.string({ error: 'texte attendu (étiquette DNS)' })
	.regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)$/, { error: (i) => `« ${String(i.input)} » ${DNS_LABEL_RULE}` });

/** Domain name made of lower-case DNS labels. */
export const domainName = z
	.string({ error: 'texte attendu (nom de domaine)' })
	.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
		error: (i) =>
			`« ${String(i.input)} » n’est pas un nom de domaine valide : des étiquettes DNS en minuscules séparées par des points, par exemple « exemple.org »`,
	});

export const ipv4 = z.string({ error: 'texte attendu (adresse IPv4)' }).regex(IPV4, {
	error: (i) => `« ${String(i.input)} » n’est pas une adresse IPv4 valide, par exemple « 192.168.1.1 »`,
});

export const ipv4Cidr = z.string({ error: 'texte attendu (adresse IPv4/préfixe)' }).regex(IPV4_CIDR, {
	error: (i) => `« ${String(i.input)} » n’est pas une adresse IPv4 avec préfixe valide : format « 192.168.1.20/24 », préfixe de 8 à 30`,
});

export const email = z
	.string({ error: 'texte attendu (adresse de courriel)' })
	.regex(/^[^\s@'"`$\\]+@[a-z0-9.-]+\.[a-z]{2,63}$/i, { error: (i) => `« ${String(i.input)} » n’est pas une adresse de courriel valide` });

/** Proxmox storage id (`local`, `local-lvm`, `pbs-coop`…). */
export const storageName = z
	.string({ error: 'texte attendu (nom de stockage Proxmox)' })
	.regex(/^[a-z][a-z0-9_-]{0,39}$/i, {
		error: (i) => `« ${String(i.input)} » n’est pas un nom de stockage Proxmox valide (lettres, chiffres, « - », « _ »)`,
	});

/** Whole number in a range; `unit` is appended to the French message (« Mio »). */
export const integer = (min: number, max: number, unit = '') =>
	z
		.number({ error: `nombre entier attendu, de ${min} à ${max}${unit}` })
		.int({ error: `nombre entier attendu, de ${min} à ${max}${unit}` })
		.min(min, { error: `valeur trop petite : de ${min} à ${max}${unit} accepté` })
		.max(max, { error: `valeur trop grande : de ${min} à ${max}${unit} accepté` });

/** http(s) URL with nothing a shell could interpret. */
export const httpUrl = z.string({ error: 'texte attendu (URL)' }).regex(/^https?:\/\/[^\s'"`$\\]+$/, { error: 'URL http(s) attendue, sans espace ni guillemet' });

/** An artefact fetched by the host then checked against its published sum. */
export const download = z.strictObject({
	/** Archive URL (a local mirror is allowed). */
	url: httpUrl,
	/** SHA-256 published by the vendor. */
	sha256: z.string({ error: 'texte attendu (somme SHA-256)' }).regex(/^[0-9a-f]{64}$/, { error: 'somme SHA-256 attendue : 64 caractères hexadécimaux minuscules' }),
});
