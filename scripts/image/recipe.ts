/**
 * Guest image recipe (`labs/image/<id>/recipe.yaml`): schema and loader.
 * A bad recipe stops the build with a French message naming the file and field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { validateYaml } from '../../src/schemas/validate.ts';

const packageName = z
	.string()
	.regex(/^[a-z0-9][a-z0-9+.-]+$/, 'nom de paquet Debian invalide (minuscules, chiffres, + - .)');

/** One command typed in the learner's terminal during the build boot. */
const warmupStep = z.union([
	z.string().min(1),
	z.object({
		/** Command line typed at the prompt. */
		run: z.string().min(1),
		/** Regular expression the screen shows once the program is drawn. */
		until: z.string().min(1).refine((r) => {
			try {
				new RegExp(r);
				return true;
			} catch {
				return false;
			}
		}, 'expression régulière JavaScript invalide'),
		/** Keys sent once the program is drawn, to leave it (`q`, `\x18` for nano). */
		quit: z.string().min(1),
	}),
]);

/** An image's id, its folder under `public/vm/`. */
const imageId = z.string().regex(/^[a-z0-9-]+$/, 'identifiant en minuscules, chiffres et tirets');

/** A folder of the recipe copied over the root after `overlay/`, for one image only. */
const extraOverlay = z.string().regex(/^overlay-[a-z0-9-]+$/, 'dossier de la recette nommé « overlay-… » (minuscules, chiffres, tirets)');

/** `systemd` (systemctl/journalctl usable) or `sysvinit` (lighter). */
/** The recipe's own explanations, kept instead of the shared wording (see `loadRecipe`). */
const INIT_MESSAGE = 'init accepté : systemd ou sysvinit';
const ARCH_MESSAGE = 'seule l’architecture i386 fonctionne dans v86';
const initSystem = z.enum(['systemd', 'sysvinit'], { error: () => INIT_MESSAGE });

export const recipeSchema = z.object({
	/** Image id: output goes to `public/vm/<id>/`. */
	id: imageId,
	/** Human title shown on the image page. */
	title: z.string().min(3),
	/** Debian suite. @default "bookworm" */
	suite: z.string().default('bookworm'),
	/** Only i386 runs in v86. */
	arch: z.literal('i386', { error: () => ARCH_MESSAGE }),
	/** mmdebstrap variant. @default "minbase" */
	variant: z.enum(['minbase', 'essential', 'required']).default('minbase'),
	init: initSystem,
	/** Debian kernel metapackage, e.g. `linux-image-686`. */
	kernel: packageName,
	/** Packages installed on top of the variant. */
	packages: z.array(packageName).min(1),
	/** The learner's account (sudo without password). */
	user: z.string().regex(/^[a-z_][a-z0-9_-]*$/),
	hostname: z.string().regex(/^[a-z0-9-]+$/),
	/** A locale Debian's `locales` knows, e.g. `fr_CA.UTF-8`. */
	locale: z.string().regex(/^[a-z]{2}_[A-Z]{2}\.UTF-8$/),
	/** tz database name; America/Toronto covers Québec. */
	timezone: z.string().regex(/^[A-Za-z_]+\/[A-Za-z_/]+$/),
	/** Guest RAM; must exceed 64 MiB + initrd (v86 loads the initrd at 64 MiB). */
	memoryMiB: z.number().int().min(96).max(512),
	/** @default 2 */
	vgaMemoryMiB: z.number().int().min(1).max(16).default(2),
	/** Languages kept under /usr/share/{man,locale} besides English. */
	keepLanguages: z.array(z.string()).default([]),
	/**
	 * Kernel modules copied into the guest's /lib/modules with their
	 * dependencies (paths under `kernel/` of Debian's package: a directory or
	 * a `.ko`); the kernel loads them on demand through modprobe.
	 */
	kernelModules: z
		.array(z.string().regex(/^[a-z0-9_-]+(\/[a-z0-9_.-]+)*$/, 'chemin sous kernel/, p. ex. « net/netfilter » ou « drivers/block/loop.ko »'))
		.default([]),
	/** Man pages pre-formatted as cat pages. */
	catPages: z.array(z.string()).default([]),
	/** Commands typed once before the snapshot (first-run effects, directory cache). */
	warmup: z.array(warmupStep).default([]),
	/**
	 * Extra folder copied over the root after `overlay/` (set by a variant:
	 * `overlay-proxmox` for the Proxmox lab's tools), with its build step
	 * `<overlay>.sh` beside it if there is one (sourced by customize.sh). Only
	 * the image that names it hashes them: editing them rebuilds that image alone.
	 */
	overlay: extraOverlay.optional(),
	/** The site's own apt repository. */
	aptRepo: z.object({ packages: z.array(packageName) }).default({ packages: [] }),
	/**
	 * Images built from this same recipe with another init, published beside
	 * it under their own id (a lighter guest for the first paths).
	 */
	variants: z
		.array(
			z.object({
				id: imageId,
				title: z.string().min(3),
				init: initSystem,
				/** Packages installed on top of the recipe's own (the Proxmox lab tools need `lxc`). @default [] */
				packages: z.array(packageName).default([]),
				/** Guest RAM when it differs from the recipe's (containers need room). */
				memoryMiB: z.number().int().min(96).max(512).optional(),
				/** Host name when it differs from the recipe's (`pve` for the Proxmox labs). */
				hostname: z.string().regex(/^[a-z0-9-]+$/).optional(),
				/** Commands typed after the recipe's own warm-up. @default [] */
				warmup: z.array(warmupStep).default([]),
				/** The variant's own folder of files over the root (see `overlay` above). */
				overlay: extraOverlay.optional(),
			}),
		)
		.default([]),
});

export type Recipe = z.infer<typeof recipeSchema>;
export type WarmupStep = z.infer<typeof warmupStep>;

/**
 * Reads and validates a recipe.
 * @throws ValidationError naming each field (or YAML line) in French
 */
export function loadRecipe(file: string): Recipe {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`${file}\u00a0: recette illisible (${(error as Error).message})`);
	}
	return validateYaml(recipeSchema, text, file, {
		title: `${file}\u00a0: recette invalide`,
		describe: (issue) => ([INIT_MESSAGE, ARCH_MESSAGE].includes(issue.message) ? issue.message : undefined),
	});
}
