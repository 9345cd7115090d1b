import { z } from 'zod';
import { LEVELS } from '../schemas/levels.ts';

/**
 * A check is a shell command run as root in the guest, out of the learner's
 * sight, through the agent on the second serial port. It passes when the
 * command exits 0. Keep checks cheap: the guest runs ~25–50× slower than
 * the host.
 */
export const checkSchema = z.strictObject({
	/** Shell command run with `sh -c` as root, in `/home/eleve`. */
	run: z.string().trim().min(1),
	/** Hint shown when this check fails (Markdown). */
	hint: z.string().trim().min(1),
	/** Seconds before the check counts as failed. @default 10 */
	timeout: z.number().positive().max(120).default(10),
});

export const stepSchema = z.strictObject({
	/** Short title of the step (« Crée ton premier dossier »). */
	title: z.string().trim().min(3),
	/** What to do, in Markdown. Commands written `:cmd[…]`, `::cmd[…]` or `:::cmd` around a code block can be sent to the terminal. */
	text: z.string().trim().min(1),
	/** All must pass for the step to be done. */
	checks: z.array(checkSchema).min(1),
	/** Hints revealed one at a time (Markdown). @default [] */
	hints: z.array(z.string().trim().min(1)).default([]),
	/** The answer, revealed last (Markdown, usually the commands). */
	solution: z.string().trim().min(1).optional(),
});

/** A file of the lab folder copied into the guest before the first step. */
export const assetSchema = z.strictObject({
	/** Path inside `labs/<id>/`, e.g. `fichiers/notes.txt`. */
	src: z
		.string()
		.regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, 'chemin relatif au dossier du laboratoire, sans « .. » (ex. fichiers/notes.txt)'),
	/** Absolute destination in the guest, e.g. `/home/eleve/notes.txt`. */
	dest: z.string().regex(/^\/[\w./-]+$/, 'chemin absolu dans la machine (ex. /home/eleve/notes.txt)'),
	/** Octal permissions. @default '0644' */
	mode: z
		.string()
		.regex(/^0?[0-7]{3}$/, 'permissions en octal, ex. 0644 ou 755')
		.default('0644'),
	/** Owner as `user:group`. @default 'eleve:eleve' */
	owner: z
		.string()
		.regex(/^[a-z_][a-z0-9_-]*:[a-z_][a-z0-9_-]*$/, 'propriétaire sous la forme utilisateur:groupe, ex. eleve:eleve')
		.default('eleve:eleve'),
});

/** `labs/<id>/lab.yaml`. */
export const labSchema = z.strictObject({
	title: z.string().trim().min(3),
	/** One or two sentences shown in lists of labs. */
	summary: z.string().trim().min(10),
	/** One of `débutant`, `intermédiaire`, `avancé`. */
	level: z.enum(LEVELS),
	/** Estimated minutes. */
	duration: z.number().int().positive().max(480),
	objectives: z.array(z.string().trim().min(3)).min(1),
	/** Guest image id: a folder of `labs/image/`. @default 'debian' */
	image: z.string().regex(/^[a-z0-9-]+$/).default('debian'),
	/** Shell script run as root once, before the first step (after assets are copied). */
	setup: z.string().optional(),
	assets: z.array(assetSchema).default([]),
	steps: z.array(stepSchema).min(1),
});

export type LabCheck = z.infer<typeof checkSchema>;
export type LabStep = z.infer<typeof stepSchema>;
export type LabAsset = z.infer<typeof assetSchema>;
export type LabDefinition = z.infer<typeof labSchema>;
/** A lab as written in YAML, before defaults are applied. */
export type LabInput = z.input<typeof labSchema>;
