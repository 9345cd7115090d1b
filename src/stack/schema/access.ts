import { z } from 'zod';
import { ipv4Cidr } from './fields.ts';

/** `ssh:` — the admins' public keys. */
export const sshSection = z.strictObject({
	/** Admins' public keys (root of the host and of the containers). */
	cles: z
		.array(
			z.string({ error: 'texte attendu (clé publique)' }).regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n'"`$\\]*)?$/, {
				error: 'clé publique OpenSSH attendue, par exemple « ssh-ed25519 AAAA… nom@machine »',
			}),
			{ error: 'liste de clés publiques attendue' },
		)
		.min(1, { error: 'au moins une clé publique SSH' }),
});

/** `pare_feu:` — who may reach SSH and the Proxmox web UI. */
export const firewallSection = z
	.strictObject({
		/** Networks allowed to reach SSH and the Proxmox UI (8006). @default the host's network */
		admin: z.array(ipv4Cidr, { error: 'liste de réseaux attendue' }).min(1, { error: 'au moins un réseau' }).optional(),
	})
	.prefault({});
