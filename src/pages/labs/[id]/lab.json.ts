import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { toClientLab } from '../../../labs/render.ts';

export const getStaticPaths = (async () => {
	const labs = await getCollection('labs');
	return labs.map((lab) => ({ params: { id: lab.id }, props: { lab } }));
}) satisfies GetStaticPaths;

/** What a lab page's script needs: steps as HTML, checks, assets, setup. */
export const GET: APIRoute = ({ props }) => {
	const { lab } = props as { lab: Awaited<ReturnType<typeof getCollection<'labs'>>>[number] };
	return new Response(JSON.stringify(toClientLab(lab.id, lab.data)), {
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
	});
};
