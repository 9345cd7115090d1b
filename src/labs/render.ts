import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { remarkCmd } from '../markdown/remark-cmd.ts';
import { remarkFrenchTypography } from '../markdown/french-typography.ts';
import type { ClientLab } from './client-lab.ts';
import type { LabDefinition } from './schema.ts';

export type { ClientLab, ShippedAsset } from './client-lab.ts';

const markdown = unified()
	.use(remarkParse)
	.use(remarkGfm)
	.use(remarkDirective)
	.use(remarkCmd)
	.use(remarkFrenchTypography)
	.use(remarkRehype)
	.use(rehypeStringify);

/** Lab Markdown (trusted: it comes from this repository) → HTML. */
export function markdownToHtml(text: string): string {
	return String(markdown.processSync(text));
}

/** The first ```sh block of a solution. */
export function solutionCommands(solution: string | undefined): string | undefined {
	return solution ? /```(?:sh|bash)\n([\s\S]*?)```/.exec(solution)?.[1] : undefined;
}

/** Assets above this size belong in the image or the apt repository, not in lab.json. */
export const MAX_ASSET_BYTES = 256 * 1024;

/** A validated lab → what its page fetches (`labs/<id>/lab.json`). */
export function toClientLab(id: string, lab: LabDefinition, labsRoot = 'labs'): ClientLab {
	return {
		id,
		title: lab.title,
		summary: lab.summary,
		level: lab.level,
		duration: lab.duration,
		objectives: lab.objectives,
		image: lab.image,
		setup: lab.setup,
		assets: lab.assets.map((asset) => {
			const bytes = readFileSync(join(labsRoot, id, asset.src));
			if (bytes.byteLength > MAX_ASSET_BYTES) {
				throw new Error(`labs/${id}/lab.yaml : assets : « ${asset.src} » pèse ${bytes.byteLength} octets ; au plus ${MAX_ASSET_BYTES} octets par fichier`);
			}
			return { dest: asset.dest, mode: asset.mode, owner: asset.owner, base64: bytes.toString('base64') };
		}),
		steps: lab.steps.map((step) => ({
			title: step.title,
			html: markdownToHtml(step.text),
			checks: step.checks.map((check) => ({ run: check.run, hint: markdownToHtml(check.hint), timeout: check.timeout })),
			hints: step.hints.map(markdownToHtml),
			solution: step.solution ? markdownToHtml(step.solution) : undefined,
			solutionCommands: solutionCommands(step.solution),
		})),
	};
}
