import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/**
 * GFM checklists (`- [ ] …`, used for « Sur ton matériel » checkpoints)
 * render disabled checkboxes with no label, which screen readers announce
 * as a bare « case à cocher ». Each box is named by its item's text.
 */
export function rehypeTaskListLabels() {
	return (tree: Root) => {
		visit(tree, 'element', (node: Element) => {
			if (node.tagName !== 'li' || !String(node.properties?.className ?? '').includes('task-list-item')) return;
			const box = node.children.find(
				(child): child is Element => child.type === 'element' && child.tagName === 'input' && child.properties?.type === 'checkbox',
			);
			if (!box) return;
			const label = toString(node).replace(/\s+/g, ' ').trim().slice(0, 150);
			if (label) box.properties = { ...box.properties, ariaLabel: label };
		});
	};
}
