import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { ui } from '../i18n/ui.ts';
import { element, renderAs, takeLabel } from './directive-utils.ts';

/** Container directives that fold their content until the reader opens it. */
export const REVEAL_NAMES = ['indice', 'solution'] as const;
type RevealName = (typeof REVEAL_NAMES)[number];

/**
 * `:::indice` and `:::solution` become native `<details>`: keyboard and
 * screen-reader friendly with no script, and printable open.
 */
export function remarkReveal() {
	return (tree: Root) => {
		visit(tree, 'containerDirective', (node) => {
			if (!REVEAL_NAMES.includes(node.name as RevealName)) return;
			const name = node.name as RevealName;
			const label = takeLabel(node) ?? [{ type: 'text', value: ui(`boreale.reveal.${name}`) }];
			node.children = [element('summary', {}, label), element('div', { className: ['reveal-body'] }, node.children)];
			renderAs(node, 'details', { className: ['boreale-reveal', `boreale-reveal--${name}`] });
		});
	};
}
