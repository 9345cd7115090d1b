import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { ui } from '../i18n/ui.ts';
import { labPage } from '../site-paths.ts';
import { element, renderAs, where } from '../markdown/directive-utils.ts';
import { loadLabs } from './loader.ts';


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
			const labs = loadLabs(root);
			const found = labs.find((lab) => lab.id === id);
			if (!found) {
				const known = labs.map((lab) => lab.id).join(', ');
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
