import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { isPathIndex, modulesOf, pathOf } from '../../../components/parcours/modules.ts';
import type { OfflineBundle } from '../../../offline/caches.ts';
import { labJson, labPage, pagePath, pathBooklet, pathPage } from '../../../site-paths.ts';

export const getStaticPaths = (async () => {
	const indexes = await getCollection('docs', isPathIndex);
	return indexes.map((entry) => ({ params: { path: pathOf(entry)! }, props: { title: entry.data.title } }));
}) satisfies GetStaticPaths;

/**
 * What « Disponible hors ligne » stores for a path. The build writes the
 * pages and images; the offline integration then lists the image files with
 * their sizes (`files`, `bytes`), which only exist once public/ is copied.
 */
export const GET: APIRoute = async ({ params, props }) => {
	const path = params.path!;
	const modules = await modulesOf(path);
	const labIds = [...new Set(modules.map((m) => m.data.module.lab).filter((id): id is string => Boolean(id)))];
	const labs = await getCollection('labs', (lab) => labIds.includes(lab.id));
	const bundle: OfflineBundle = {
		path,
		title: (props as { title: string }).title,
		pages: [
			pathPage(path),
			pathBooklet(path),
			...modules.map((m) => pagePath(m.id)),
			...labs.flatMap((lab) => [labPage(lab.id), labJson(lab.id)]),
		],
		images: [...new Set(labs.map((lab) => lab.data.image))].sort(),
		files: [],
		bytes: 0,
	};
	return new Response(JSON.stringify(bundle), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
