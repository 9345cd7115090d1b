import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import { parse } from 'yaml';
import { ValidationError, type Problem } from '../schemas/validate.ts';
import { parseLab } from './parse.ts';
import type { LabDefinition } from './schema.ts';

/** A validated lab with its id (its folder name). */
export interface LoadedLab {
	id: string;
	lab: LabDefinition;
}

/** What one read of a `labs/` folder finds, before any lab is validated. */
export interface LabsFolder {
	root: string;
	/** Folders holding a `lab.yaml` (the `image/` folder holds the guest recipe, not a lab), sorted. */
	ids: string[];
	/**
	 * The guest images the recipes of `image/` publish: each recipe folder's,
	 * and its `variants` (see scripts/image/recipe.ts). Undefined without
	 * recipes (fixture sites), where any image name is let through.
	 */
	images?: string[];
}

const folders = new Map<string, LabsFolder>();
const loaded = new Map<string, { labs: LoadedLab[] } | { error: unknown }>();

function imageIds(dir: string): string[] | undefined {
	if (!existsSync(dir)) return undefined;
	const ids: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const recipe = join(dir, entry.name, 'recipe.yaml');
		if (!entry.isDirectory() || !existsSync(recipe)) continue;
		ids.push(entry.name);
		// The image build validates the recipe; only the variants' ids are read here.
		const variants = (parse(readFileSync(recipe, 'utf8')) as { variants?: Array<{ id?: unknown }> } | null)?.variants;
		for (const variant of variants ?? []) if (typeof variant?.id === 'string') ids.push(variant.id);
	}
	return ids;
}

/**
 * Reads the `labs/` folder once per build: the content collection, the
 * `::lab` directive and the pages' `module.lab` check all use this read.
 * @param fresh read again (the dev server's watcher saw a change)
 */
export function scanLabsFolder(root = 'labs', fresh = false): LabsFolder {
	let folder = fresh ? undefined : folders.get(root);
	if (!folder) {
		const ids = existsSync(root)
			? readdirSync(root, { withFileTypes: true })
					.filter((entry) => entry.isDirectory() && entry.name !== 'image' && existsSync(join(root, entry.name, 'lab.yaml')))
					.map((entry) => entry.name)
					.sort((a, b) => a.localeCompare(b))
			: [];
		folder = { root, ids, images: imageIds(join(root, 'image')) };
		folders.set(root, folder);
		loaded.delete(root);
	}
	return folder;
}

function validateLabs({ root, ids, images }: LabsFolder): LoadedLab[] {
	const labs: LoadedLab[] = [];
	const problems: Problem[] = [];
	for (const id of ids) {
		const file = join(root, id, 'lab.yaml');
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
			problems.push({ where: file, message: `nom de dossier « ${id} » refusé ; utilise des minuscules, des chiffres et des tirets (ex. premiers-pas)` });
			continue;
		}
		try {
			const lab = parseLab(file, readFileSync(file, 'utf8'));
			for (const [index, asset] of lab.assets.entries()) {
				if (!existsSync(join(root, id, asset.src))) {
					problems.push({ where: `${file}\u00a0: assets[${index}].src`, message: `fichier « ${asset.src} » introuvable dans ${join(root, id)}` });
				}
			}
			if (images && !images.includes(lab.image)) {
				problems.push({ where: `${file}\u00a0: image`, message: `image « ${lab.image} » inconnue ; images disponibles : ${images.join(', ')}` });
			}
			labs.push({ id, lab });
		} catch (error) {
			if (!(error instanceof ValidationError)) throw error;
			problems.push(...error.problems.map((p) => ({ where: `${file}\u00a0: ${p.where}`, message: p.message })));
		}
	}
	if (problems.length > 0) throw new ValidationError(root, problems, `${root}\u00a0: laboratoires invalides`);
	return labs;
}

/**
 * Every `labs/<id>/lab.yaml`, validated, sorted by id. Problems of all
 * files are gathered, so one build run lists them all; then it throws a
 * single `ValidationError`. Validated once per read of the folder.
 */
export function loadLabs(root = 'labs', fresh = false): LoadedLab[] {
	const folder = scanLabsFolder(root, fresh);
	let result = loaded.get(root);
	if (!result) {
		try {
			result = { labs: validateLabs(folder) };
		} catch (error) {
			result = { error };
		}
		loaded.set(root, result);
	}
	if ('error' in result) throw result.error;
	return result.labs;
}

/** Astro content loader for the `labs` collection. */
export function labsLoader(root = 'labs'): Loader {
	let loads = 0;
	return {
		name: 'alliance-labs',
		load: async ({ store, parseData, watcher }) => {
			store.clear();
			// A later call comes from the dev server's watcher: the folder is read anew.
			for (const { id, lab } of loadLabs(root, loads++ > 0)) {
				store.set({ id, data: await parseData({ id, data: lab as unknown as Record<string, unknown> }) });
			}
			watcher?.add(root);
		},
	};
}
