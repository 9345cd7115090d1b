/**
 * Guest manifest (`/vm/<image>/manifest.json`): everything needed to boot an
 * image, with URLs relative to the manifest. Written by scripts/image/build.ts,
 * read by the runtime, the tests and the image page.
 */
import { z } from 'zod';
import { validate } from '../schemas/validation.ts';

const fileRef = z.object({
	/** URL relative to the manifest. */
	url: z.string().min(1),
	/** Bytes on the wire. */
	size: z.number().int().nonnegative().optional(),
});

export const MANIFEST_VERSION = 1;

export const manifestSchema = z.object({
	/** Format of this file. */
	version: z.literal(MANIFEST_VERSION),
	/** Image id (folder name under /vm/). */
	id: z.string(),
	title: z.string(),
	/** sha256 over the recipe, overlay, build scripts and v86 version. */
	inputsHash: z.string().regex(/^[0-9a-f]{64}$/),
	builtAt: z.string(),
	/** Shell prompt shown once the learner is logged in (ANSI colours stripped). */
	prompt: z.string(),
	user: z.string(),
	hostname: z.string(),
	/** Options handed to `new V86()` (URLs relative to the manifest). */
	v86: z.object({
		bios: fileRef,
		vga_bios: fileRef,
		/** zstd-compressed `save_state()` taken at the logged-in prompt. */
		initial_state: fileRef.extend({ rawSize: z.number().int().positive() }),
		filesystem: z.object({
			/** fs.json index (needed for a cold boot only: the state holds the inodes). */
			basefs: z.string(),
			/** Directory of content-addressed files, ends with `/`. */
			baseurl: z.string().endsWith('/'),
		}),
		memory_size: z.number().int().positive(),
		vga_memory_size: z.number().int().positive(),
		uart1: z.literal(true),
		net_device: z.object({ type: z.enum(['ne2k', 'virtio']), relay_url: z.literal('fetch') }),
	}),
	/** Cold boot (used by the build; a page restores `initial_state`). */
	cold: z.object({ bzimage: fileRef, initrd: fileRef, cmdline: z.string() }),
	/** Check agent on serial 1. */
	agent: z.object({ serial: z.literal(1), protocol: z.literal('labo-1') }),
	/** `http://<aptHost>/apt/...` in the guest maps to `<apt>` relative to the manifest. */
	network: z.object({ aptHost: z.string(), apt: z.string() }),
	/** Bill of materials, relative to the manifest. */
	bom: z.string(),
	/** Build figures, for the image page and the bench. */
	stats: z.record(z.string(), z.number()).default({}),
});

export type GuestManifest = z.infer<typeof manifestSchema>;

/**
 * Parses a manifest; the error names the field, in French.
 * @throws ValidationError
 */
export function parseManifest(data: unknown, source = 'manifest.json'): GuestManifest {
	return validate(manifestSchema, data, source, { title: `${source}\u00a0: manifeste d’image invalide` });
}
