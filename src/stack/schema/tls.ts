import { z } from 'zod';
import { email } from './fields.ts';

/** `tls:` — how the proxy gets its certificate. */
export const tlsSection = z.strictObject({
	/** « acme » (Let's Encrypt, public domain) or « interne » (local authority, local network). */
	mode: z.enum(['acme', 'interne'], { error: (i) => `mode TLS inconnu « ${String(i.input)} » ; valeurs acceptées : acme, interne` }),
	/** E-mail of the ACME account (required in acme mode). */
	courriel: email.optional(),
});
