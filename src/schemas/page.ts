import { z } from 'astro/zod';
import { LEVELS } from './levels.ts';

/**
 * Frontmatter of a training module (a page of a parcours).
 * Kept under one `module` key so that ordinary pages stay free of it.
 * @param labIds the lab ids there are (the folders of `labs/`, src/labs/loader.ts)
 */
export const moduleSchema = (labIds: () => readonly string[]) => z.object({
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
			const ids = labIds();
			if (!ids.includes(id)) {
				ctx.addIssue({
					code: 'custom',
					message: `laboratoire « ${id} » introuvable : crée labs/${id}/lab.yaml ou choisis parmi ${ids.join(', ') || '(aucun)'}`,
				});
			}
		}),
});

/** Extra frontmatter accepted on every page of the docs collection. */
export const pageExtensions = (labIds: () => readonly string[]) =>
	z.object({
		module: moduleSchema(labIds).optional(),
	});

export type ModuleMeta = z.infer<ReturnType<typeof moduleSchema>>;
