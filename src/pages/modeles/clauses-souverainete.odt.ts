/**
 * The sovereignty clauses model as an OpenDocument text, written at build
 * time from its Markdown source (public/modeles/clauses-souverainete.md,
 * which is also published as is): one text to maintain, two downloads, and
 * no binary in git.
 */
import type { APIRoute } from 'astro';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownToOdt } from '../../components/decide/odt.ts';

/** The Markdown source, relative to the project root (where `astro build` runs). */
export const CLAUSES_SOURCE = join('public', 'modeles', 'clauses-souverainete.md');

export const GET: APIRoute = () => {
	const odt = markdownToOdt(readFileSync(join(process.cwd(), CLAUSES_SOURCE), 'utf8'), CLAUSES_SOURCE);
	// A copy typed on a plain ArrayBuffer, which is what a Response body accepts.
	return new Response(new Uint8Array(odt), { headers: { 'Content-Type': 'application/vnd.oasis.opendocument.text' } });
};
