import type { Code, Root, RootContent } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import { element, labelText, where, type GeneratedNode } from './directive-utils.ts';

/**
 * `:cmd[ls -la]` (inline), `::cmd[ls -la]` (block) and `:::cmd` around one
 * fenced code block (several lines, sent together): a command a learner can
 * send to the lab terminal. Rendered as code with `data-cmd`; the lab
 * script turns it into a button only where a terminal exists, so elsewhere
 * it is plain, copyable code.
 */
export function remarkCmd() {
	return (tree: Root, file: { path?: string }) => {
		visit(tree, (node, index, parent) => {
			if (!('name' in node) || node.name !== 'cmd' || !parent || index === undefined) return;
			const children = parent.children as RootContent[];
			if (node.type === 'containerDirective') {
				children[index] = element('pre', { className: ['boreale-cmd-block'] }, [commandCode(blockCommand(node, file))]);
				return;
			}
			if (node.type !== 'textDirective' && node.type !== 'leafDirective') return;
			const command = labelText(node).trim();
			if (!command) return;
			children[index] = node.type === 'textDirective' ? commandCode(command) : element('p', { className: ['boreale-cmd-block'] }, [commandCode(command)]);
		});
	};
}

/**
 * `<code data-cmd>` showing the command exactly as sent: its text is given
 * as hast (`hChildren`), out of reach of the French spacing plugin, which
 * would otherwise put a no-break space in `echo "Bonjour !"`.
 */
function commandCode(command: string): GeneratedNode {
	return { type: 'boreale', data: { hName: 'code', hProperties: { className: ['boreale-cmd'], dataCmd: command }, hChildren: [{ type: 'text', value: command }] } } as never;
}

/** The lines of the one code block a `:::cmd` holds; anything else is an authoring error. */
function blockCommand(node: ContainerDirective, file: { path?: string }): string {
	const [code, ...rest] = node.children;
	const command = code?.type === 'code' ? (code as Code).value.trim() : '';
	if (rest.length > 0 || !command) {
		throw new Error(`${where(file, node)} : :::cmd attend un seul bloc de code non vide (\`\`\`sh … \`\`\`), dont les lignes sont envoyées ensemble au terminal`);
	}
	return command;
}
