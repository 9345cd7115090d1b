import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import { parse } from 'yaml';
import { LabFileError, parseLab } from './parse.ts';
import type { LabDefinition } from './schema.ts';

/** A validated lab with its id (its folder name). */
export interface LoadedLab {
	id: string;
	lab: LabDefinition;
}

/**
 * The guest images the recipes of `dir` publish: each recipe folder's, and
 * its `variants` (see scripts/image/recipe.ts). Undefined without recipes
 * (fixture sites), where any image name is let through.
 */
function imageIds(dir: string): string[] | undefined {
	if (!existsSync(dir)) return undefined;
	const ids: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const recipe = join(dir, entry.name, 'recipe.yaml');
		if (!entry.isDirectory() || !existsSync(recipe)) continue;
		ids.push(entry.name);
		// The build validates the recipe; only the variants' ids are read here.
		const variants = (parse(readFileSync(recipe, 'utf8')) as { variants?: Array<{ id?: unknown }> } | null)?.variants;
		for (const variant of variants ?? []) if (typeof variant?.id === 'string') ids.push(variant.id);
	}
	return ids;
}

/**
 * Reads every `labs/<id>/lab.yaml` (the `image/` folder holds the guest
 * recipe, not a lab). Problems of all files are gathered, so one build run
 * lists them all; then it throws a single `LabFileError`.
 */
export function loadLabs(root = 'labs'): LoadedLab[] {
	if (!existsSync(root)) return [];
	const labs: LoadedLab[] = [];
	const problems: string[] = [];
	const images = imageIds(join(root, 'image'));
	for (const entry of readdirSync(root, { withFileTypes: true })) {
		if (!entry.isDirectory() || entry.name === 'image') continue;
		const file = join(root, entry.name, 'lab.yaml');
		if (!existsSync(file)) continue;
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(entry.name)) {
			problems.push(`${file} : nom de dossier « ${entry.name} » refusé ; utilise des minuscules, des chiffres et des tirets (ex. premiers-pas)`);
			continue;
		}
		try {
			const lab = parseLab(file, readFileSync(file, 'utf8'));
			for (const [index, asset] of lab.assets.entries()) {
				if (!existsSync(join(root, entry.name, asset.src))) {
					problems.push(`${file} : assets[${index}].src : fichier « ${asset.src} » introuvable dans ${join(root, entry.name)}`);
				}
			}
			if (images && !images.includes(lab.image)) {
				problems.push(`${file} : image : image « ${lab.image} » inconnue ; images disponibles : ${images.join(', ')}`);
			}
			labs.push({ id: entry.name, lab });
		} catch (error) {
			if (!(error instanceof LabFileError)) throw error;
			problems.push(...error.problems.map((p) => `${file} : ${p}`));
		}
	}
	if (problems.length > 0) throw new LabFileError(root, problems);
	return labs.sort((a, b) => a.id.localeCompare(b.id));
}

/** Astro content loader for the `labs` collection. */
export function labsLoader(root = 'labs'): Loader {
	return {
		name: 'alliance-labs',
		load: async ({ store, parseData, watcher }) => {
			store.clear();
			for (const { id, lab } of loadLabs(root)) {
				store.set({ id, data: await parseData({ id, data: lab as unknown as Record<string, unknown> }) });
			}
			watcher?.add(root);
		},
	};
}
