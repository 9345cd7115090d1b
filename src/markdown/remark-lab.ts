import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { ui } from '../i18n/ui.ts';
import { labPage } from '../site-paths.ts';
import { loadLabs, type LoadedLab } from '../labs/loader.ts';
import { element, renderAs, where } from './directive-utils.ts';

const cache = new Map<string, Map<string, LoadedLab>>();
function labsIn(root: string): Map<string, LoadedLab> {
	let labs = cache.get(root);
	if (!labs) {
		labs = new Map(loadLabs(root).map((lab) => [lab.id, lab]));
		cache.set(root, labs);
	}
	return labs;
}


/**
 * `::lab` or `::lab{id=fichiers}` embeds a lab in a page. Without `id`, the
 * page's `module.lab` frontmatter is used. The HTML is a `<boreale-lab>`
 * element whose fallback content links to the lab's own page, so the page
 * still makes sense without JavaScript, in print and in search results.
 */
export function remarkLab(options: { root?: string } = {}) {
	const root = options.root ?? 'labs';
	return (tree: Root, file: { path?: string; data?: { astro?: { frontmatter?: { module?: { lab?: string } } } } }) => {
		visit(tree, 'leafDirective', (node) => {
			if (node.name !== 'lab') return;
			const id = node.attributes?.id ?? file.data?.astro?.frontmatter?.module?.lab;
			if (!id) {
				throw new Error(`${where(file, node)} : ::lab sans identifiant ; écris ::lab{id=mon-labo} ou ajoute module.lab au frontmatter`);
			}
			const labs = labsIn(root);
			const found = labs.get(id);
			if (!found) {
				const known = [...labs.keys()].sort().join(', ');
				throw new Error(`${where(file, node)} : laboratoire « ${id} » introuvable ; laboratoires disponibles : ${known || '(aucun)'}`);
			}
			const { lab } = found;
			node.children = [
				element('p', { className: ['boreale-lab-fallback'] }, [
					element('a', { href: labPage(id) }, [{ type: 'text', value: ui('boreale.lab.open', { title: lab.title }) }]),
					{ type: 'text', value: ` (${ui('boreale.lab.meta', { duration: lab.duration, level: lab.level })})` },
				]),
			];
			renderAs(node, 'boreale-lab', { dataLab: id, dataImage: lab.image, dataTitle: lab.title });
		});
	};
}
