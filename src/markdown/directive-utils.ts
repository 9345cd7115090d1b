import type { Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';

export type Directive = ContainerDirective | LeafDirective | TextDirective;

/** Properties of an HTML element produced from Markdown (hast style). */
export type HtmlProps = Record<string, string | number | boolean | string[] | undefined>;

/**
 * A generated node, accepted wherever mdast expects content: to-hast renders
 * it through its generic handler whatever its place in the tree.
 */
export type GeneratedNode = never;

/**
 * An mdast node that mdast-util-to-hast turns into `<tagName …>children</tagName>`.
 * The unknown node type falls into to-hast's generic handler, which keeps
 * the children and applies `hName`/`hProperties`.
 */
export function element(tagName: string, props: HtmlProps = {}, children: ReadonlyArray<RootContent | PhrasingContent> = []): GeneratedNode {
	return { type: 'boreale', data: { hName: tagName, hProperties: props }, children } as never;
}

/** Turns the directive node itself into `<tagName>` keeping its children. */
export function renderAs(node: Directive, tagName: string, props: HtmlProps = {}): void {
	node.data = { ...node.data, hName: tagName, hProperties: props };
}

/**
 * Removes and returns the `[label]` of a container directive (remark-directive
 * stores it as a first paragraph flagged `directiveLabel`).
 */
export function takeLabel(node: ContainerDirective): PhrasingContent[] | undefined {
	const first = node.children[0];
	if (first?.type === 'paragraph' && (first as Paragraph & { data?: { directiveLabel?: boolean } }).data?.directiveLabel) {
		node.children.shift();
		return first.children;
	}
	return undefined;
}

/**
 * Plain text of a text or leaf directive's label (`:cmd[ls -la]` → `ls -la`).
 * A label is Markdown: what looks like a URL became a link, and `:root` in
 * `chown root:root` a directive, so their text is gathered too.
 */
export function labelText(node: { children: ReadonlyArray<unknown> }): string {
	return node.children
		.map((child) => {
			const c = child as { type: string; value?: unknown; name?: string; children?: unknown[] };
			if ('value' in c) return String(c.value);
			if (c.type === 'textDirective') return `:${c.name}${c.children?.length ? `[${labelText(c as { children: unknown[] })}]` : ''}`;
			return c.children ? labelText(c as { children: unknown[] }) : '';
		})
		.join('');
}

/** Where a remark plugin found a problem, for build errors that name the file. */
export function where(file: { path?: string }, node: { position?: { start: { line: number } } }): string {
	const path = file.path ? file.path.replace(/^.*?(content-fr\/)/, '$1') : 'page';
	return node.position ? `${path}:${node.position.start.line}` : path;
}
