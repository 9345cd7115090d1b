import type { Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { frenchSpacing } from '../text/french-typography.ts';

/**
 * Remark plugin: French spacing in every text node of a page. Only plain
 * text is touched: code, inline code and URLs stay exactly as written.
 */
export function remarkFrenchTypography() {
	return (tree: Root) => {
		visit(tree, 'text', (node: Text) => {
			node.value = frenchSpacing(node.value);
		});
	};
}
