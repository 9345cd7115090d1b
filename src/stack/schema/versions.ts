import { z } from 'zod';
import { download, httpUrl } from './fields.ts';

/**
 * A vendor apt repository served elsewhere (a local mirror, or the test host's
 * fixture server): its key is still accepted only with this fingerprint.
 */
const aptRepository = z.strictObject({
	/** Repository URI (deb822 `URIs:`). */
	uris: httpUrl,
	/** URL of the repository's signing key. */
	cle: httpUrl,
	/** Full OpenPGP fingerprint of that key (40 hex digits). */
	empreinte: z.string({ error: 'texte attendu (empreinte OpenPGP)' }).regex(/^[0-9A-F]{40}$/, { error: 'empreinte OpenPGP attendue : 40 caractères hexadécimaux majuscules' }),
	/** deb822 `Suites:`. @default the vendor's */
	suites: z.string({ error: 'texte attendu (suite apt)' }).regex(/^[A-Za-z0-9._/-]{1,64}$/, { error: 'suite apt attendue, par exemple « trixie » ou « ./ »' }).optional(),
	/** deb822 `Components:`. @default the vendor's */
	composants: z.string({ error: 'texte attendu (composants apt)' }).regex(/^[a-z0-9 -]{0,64}$/, { error: 'composants apt attendus, par exemple « main »' }).optional(),
});

/** `versions:` — advanced overrides: a newer published release or a local mirror. */
export const versionsSection = z
	.strictObject({
		/** Proxmox repository key (local mirror): sha256 required. */
		cle_proxmox: download.optional(),
		nextcloud: download.optional(),
		element: download.optional(),
		/**
		 * Vendor apt repositories (Collabora, Synapse, Jitsi) from a local mirror,
		 * or test-only fixtures; pinned versions stay those of src/stack/versions.ts.
		 */
		depots: z
			.strictObject({
				collabora: aptRepository.optional(),
				synapse: aptRepository.optional(),
				jitsi: aptRepository.optional(),
			})
			.optional(),
		modele: z
			.string({ error: 'texte attendu (nom de modèle)' })
			.regex(/^debian-1[23]-standard_[0-9.]+-[0-9]+_amd64\.tar\.zst$/, { error: 'nom de modèle attendu, par exemple « debian-12-standard_12.12-1_amd64.tar.zst »' })
			.optional(),
	})
	.optional();
