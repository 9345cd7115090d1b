import { getCollection, type CollectionEntry } from 'astro:content';
import type { ModuleRef } from '../../progress/store.ts';

export type ModuleEntry = CollectionEntry<'docs'> & { data: { module: NonNullable<CollectionEntry<'docs'>['data']['module']> } };

/** Folder of a path's pages: `parcours/premiers-pas/x.mdx` → `premiers-pas`. */
export function pathOf(entry: CollectionEntry<'docs'>): string | undefined {
	return /(?:^|\/)parcours\/([^/]+)\//.exec(entry.filePath ?? '')?.[1];
}

/** Is this entry the landing page of a path (`parcours/<path>/index.mdx`)? */
export function isPathIndex(entry: CollectionEntry<'docs'>): boolean {
	return /(?:^|\/)parcours\/[^/]+\/index\.mdx?$/.test(entry.filePath ?? '');
}

/** The modules of a path, in sidebar order. */
export async function modulesOf(path: string): Promise<ModuleEntry[]> {
	const entries = await getCollection('docs', (entry) => pathOf(entry) === path && entry.data.module !== undefined);
	return (entries as ModuleEntry[]).sort(
		(a, b) => (a.data.sidebar.order ?? Infinity) - (b.data.sidebar.order ?? Infinity) || a.id.localeCompare(b.id),
	);
}

/** What the browser needs to compute progress for a module. */
export async function moduleRef(entry: ModuleEntry): Promise<ModuleRef> {
	const labId = entry.data.module.lab;
	if (!labId) return { id: entry.id };
	const labs = await getCollection('labs', (lab) => lab.id === labId);
	return { id: entry.id, lab: { id: labId, steps: labs[0]?.data.steps.length ?? 0 } };
}

/** Minutes as « 1 h 30 » or « 45 min ». */
export function formatDuration(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	if (hours === 0) return `${rest} min`;
	return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')}`;
}
