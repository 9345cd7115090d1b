import { z } from 'zod';
import { dnsLabel, domainName, email } from './fields.ts';

/** `site:` — who and where. */
export const siteSection = z.strictObject({
	/** Short site id (inventory folder, job names). */
	nom: dnsLabel,
	/** Public or local domain under which the services are published. */
	domaine: domainName,
	/** IANA time zone. @default "America/Toronto" */
	fuseau: z
		.string({ error: 'texte attendu (fuseau horaire)' })
		.regex(/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2})$/, {
			error: (i) => `« ${String(i.input)} » n’est pas un fuseau horaire IANA, par exemple « America/Toronto » ou « Europe/Paris »`,
		})
		.default('America/Toronto'),
	/** E-mail of the person in charge (alerts, ACME). */
	contact: email,
});
