import type { Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

const NBSP = '\u00a0'; // before « : » and inside guillemets
const NNBSP = '\u202f'; // fine non-breaking space before ; ! ?

/**
 * Applies French spacing to prose: a non-breaking space before `:` and
 * inside « », a narrow one before `;`, `!` and `?`, so that a line never
 * starts with a lone sign. Only plain text is touched: code, inline code,
 * URLs and `12:30` (no space before the sign) stay exactly as written.
 */
export function frenchSpacing(text: string): string {
	return text
		.replace(/[ \u00a0\u202f]+([;!?])(?=\s|$|[»)\].,;:!?])/g, `${NNBSP}$1`)
		.replace(/[ \u00a0\u202f]+:(?=\s|$)/g, `${NBSP}:`)
		.replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`)
		.replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`);
}

/** Remark plugin: French spacing in every text node of a page. */
export function remarkFrenchTypography() {
	return (tree: Root) => {
		visit(tree, 'text', (node: Text) => {
			node.value = frenchSpacing(node.value);
		});
	};
}
