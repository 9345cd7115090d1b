import { existsSync, readdirSync } from 'node:fs';
import { z } from 'astro/zod';
import { LEVELS } from './levels.ts';


/** Lab ids are the folder names of `labs/<id>/lab.yaml`. */
function knownLabIds(root = 'labs'): Set<string> {
	if (!existsSync(root)) return new Set();
	return new Set(
		readdirSync(root, { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && existsSync(`${root}/${entry.name}/lab.yaml`))
			.map((entry) => entry.name),
	);
}

/**
 * Frontmatter of a training module (a page of a parcours).
 * Kept under one `module` key so that ordinary pages stay free of it.
 */
export const moduleSchema = z.object({
	/** What the learner can do at the end, as verbs (« Lister les fichiers… »). */
	objectifs: z.array(z.string().min(3)).min(1, 'indique au moins un objectif'),
	/** What should be known before; empty for a first module. @default [] */
	prerequis: z.array(z.string()).default([]),
	/** Estimated time in minutes. */
	duree: z.number().int().positive().max(480, 'un module dure au plus 480 minutes'),
	/** One of `débutant`, `intermédiaire`, `avancé`. */
	niveau: z.enum(LEVELS, {
		error: () => `niveau inconnu : valeurs acceptées ${LEVELS.join(', ')}`,
	}),
	/** Id of the browser lab (`labs/<id>/lab.yaml`) that practises this module, if any. */
	lab: z
		.string()
		.optional()
		.superRefine((id, ctx) => {
			if (id === undefined) return;
			const ids = knownLabIds();
			if (!ids.has(id)) {
				ctx.addIssue({
					code: 'custom',
					message: `laboratoire « ${id} » introuvable : crée labs/${id}/lab.yaml ou choisis parmi ${[...ids].sort().join(', ') || '(aucun)'}`,
				});
			}
		}),
});

/** Extra frontmatter accepted on every page of the docs collection. */
export const pageExtensions = z.object({
	module: moduleSchema.optional(),
});

export type ModuleMeta = z.infer<typeof moduleSchema>;
