import type { Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { element, labelText } from './directive-utils.ts';

/**
 * `:cmd[ls -la]` (inline) and `::cmd[ls -la]` (block): a command a learner
 * can send to the lab terminal. Rendered as code with `data-cmd`; the lab
 * script turns it into a button only where a terminal exists, so elsewhere
 * it is plain, copyable code.
 */
export function remarkCmd() {
	return (tree: Root) => {
		visit(tree, (node, index, parent) => {
			if ((node.type !== 'textDirective' && node.type !== 'leafDirective') || node.name !== 'cmd') return;
			if (!parent || index === undefined) return;
			const command = labelText(node).trim();
			if (!command) return;
			const code = element('code', { className: ['boreale-cmd'], dataCmd: command }, [{ type: 'text', value: command }]);
			(parent.children as RootContent[])[index] =
				node.type === 'textDirective' ? code : element('p', { className: ['boreale-cmd-block'] }, [code]);
		});
	};
}
