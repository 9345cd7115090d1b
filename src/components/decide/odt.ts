/**
 * A small Markdown → OpenDocument text (.odt) writer, so that a model
 * written once in Markdown (public/modeles/*.md) is also offered in the
 * format an office suite opens and edits. An .odt is a zip: `mimetype`
 * first and stored uncompressed (ODF 1.3, part 2, § 3.3), then the
 * manifest, the content, the styles and the metadata.
 *
 * Only the Markdown a contract model needs is read: headings (#, ##, ###),
 * paragraphs, `-` and `1.` lists of one line per item, `>` quotes (the
 * clause text to copy), **bold**, *italics* and [links](url). Anything
 * else (tables, code, images) is refused with the line number, rather than
 * silently lost in the office document.
 */
import { strToU8, zipSync } from 'fflate';

/** Fixed date of the zip entries and of the metadata: the same Markdown gives the same bytes. */
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const MIMETYPE = 'application/vnd.oasis.opendocument.text';

/** One block of the document. */
export type Block =
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	| { kind: 'paragraph'; text: string }
	| { kind: 'quote'; text: string }
	| { kind: 'list'; ordered: boolean; items: string[] };

/** Markdown that this writer cannot carry into the .odt, with its line. */
export class OdtMarkdownError extends Error {
	constructor(source: string, line: number, what: string) {
		super(`${source}, ligne ${line} : ${what} ; le modèle n’accepte que des titres (#, ##, ###), des paragraphes, des listes (- ou 1.), des citations (>), du **gras**, de l’*italique* et des [liens](adresse)`);
		this.name = 'OdtMarkdownError';
	}
}

/** The blocks of a Markdown text, in order. */
export function parseBlocks(markdown: string, source = 'Markdown'): Block[] {
	const blocks: Block[] = [];
	let paragraph: string[] = [];
	let quote: string[] = [];
	let list: { ordered: boolean; items: string[] } | undefined;
	const flush = () => {
		if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
		if (quote.length > 0) blocks.push({ kind: 'quote', text: quote.join(' ') });
		if (list) blocks.push({ kind: 'list', ...list });
		paragraph = [];
		quote = [];
		list = undefined;
	};
	markdown.split(/\r?\n/).forEach((raw, index) => {
		const line = raw.trimEnd();
		const number = index + 1;
		let match: RegExpExecArray | null;
		if (line.trim() === '') return flush();
		if (/^\s*(```|~~~|\||!\[|<|\t|    \S)/.test(line)) throw new OdtMarkdownError(source, number, `élément non pris en charge (« ${line.trim().slice(0, 20)} »)`);
		if ((match = /^(#{1,3})\s+(.+)$/.exec(line))) {
			flush();
			blocks.push({ kind: 'heading', level: match[1].length as 1 | 2 | 3, text: match[2] });
		} else if (/^#{4,}\s/.test(line)) {
			throw new OdtMarkdownError(source, number, 'titre de niveau 4 ou plus');
		} else if ((match = /^>\s?(.*)$/.exec(line))) {
			if (paragraph.length > 0 || list) flush();
			quote.push(match[1]);
		} else if ((match = /^(-|\d+\.)\s+(.+)$/.exec(line))) {
			const ordered = match[1] !== '-';
			if (paragraph.length > 0 || quote.length > 0 || (list && list.ordered !== ordered)) flush();
			list ??= { ordered, items: [] };
			list.items.push(match[2]);
		} else {
			if (quote.length > 0 || list) flush();
			paragraph.push(line.trim());
		}
	});
	flush();
	return blocks;
}

const escapeXml = (text: string): string =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline Markdown as ODF: bold and italic spans, links; the rest as text. */
export function inlineXml(text: string): string {
	let out = '';
	const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
	let at = 0;
	for (const match of text.matchAll(pattern)) {
		out += escapeXml(text.slice(at, match.index));
		if (match[1] !== undefined) out += `<text:span text:style-name="Gras">${inlineXml(match[1])}</text:span>`;
		else if (match[2] !== undefined) out += `<text:span text:style-name="Italique">${inlineXml(match[2])}</text:span>`;
		else out += `<text:a xlink:type="simple" xlink:href="${escapeXml(match[4])}">${escapeXml(match[3])}</text:a>`;
		at = match.index + match[0].length;
	}
	return out + escapeXml(text.slice(at));
}

const NS = [
	'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
	'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
	'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
	'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
	'xmlns:xlink="http://www.w3.org/1999/xlink"',
	'xmlns:dc="http://purl.org/dc/elements/1.1/"',
	'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(' ');

function contentXml(blocks: Block[]): string {
	const body = blocks
		.map((block) => {
			switch (block.kind) {
				case 'heading':
					return `<text:h text:style-name="Heading_20_${block.level}" text:outline-level="${block.level}">${inlineXml(block.text)}</text:h>`;
				case 'paragraph':
					return `<text:p text:style-name="Text_20_body">${inlineXml(block.text)}</text:p>`;
				case 'quote':
					return `<text:p text:style-name="Clause">${inlineXml(block.text)}</text:p>`;
				case 'list':
					return `<text:list text:style-name="${block.ordered ? 'Numeros' : 'Puces'}">${block.items
						.map((item) => `<text:list-item><text:p text:style-name="List_20_item">${inlineXml(item)}</text:p></text:list-item>`)
						.join('')}</text:list>`;
			}
		})
		.join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS} office:version="1.3">
<office:automatic-styles>
<style:style style:name="Gras" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Italique" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:automatic-styles>
<office:body><office:text>
${body}
</office:text></office:body>
</office:document-content>
`;
}

function listStyle(name: string, ordered: boolean): string {
	const levels = [1, 2, 3]
		.map((level) => {
			const indent = `<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.6cm" fo:margin-left="${0.6 * level + 0.4}cm"/></style:list-level-properties>`;
			return ordered
				? `<text:list-level-style-number text:level="${level}" style:num-format="1" style:num-suffix=".">${indent}</text:list-level-style-number>`
				: `<text:list-level-style-bullet text:level="${level}" text:bullet-char="•">${indent}</text:list-level-style-bullet>`;
		})
		.join('');
	return `<text:list-style style:name="${name}">${levels}</text:list-style>`;
}

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS} office:version="1.3">
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/><style:text-properties style:font-name="Liberation Sans" fo:font-family="'Liberation Sans', Arial, sans-serif" fo:font-size="11pt" fo:language="fr" fo:country="CA"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:line-height="125%"/></style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body"><style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1"><style:text-properties fo:font-size="18pt"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2"><style:text-properties fo:font-size="14pt"/></style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="3"><style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="List_20_item" style:display-name="List item" style:family="paragraph" style:parent-style-name="Text_20_body"><style:paragraph-properties fo:margin-bottom="0.1cm"/></style:style>
<style:style style:name="Clause" style:family="paragraph" style:parent-style-name="Text_20_body"><style:paragraph-properties fo:margin-left="0.8cm" fo:margin-right="0.4cm" fo:padding="0.2cm" fo:border-left="0.08cm solid #1f6f8b" fo:background-color="#eef5f8"/></style:style>
${listStyle('Puces', false)}
${listStyle('Numeros', true)}
</office:styles>
<office:automatic-styles><style:page-layout style:name="Page"><style:page-layout-properties fo:page-width="21.59cm" fo:page-height="27.94cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page"/></office:master-styles>
</office:document-styles>
`;

function metaXml(title: string): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ${NS} office:version="1.3">
<office:meta><dc:title>${escapeXml(title)}</dc:title><dc:language>fr-CA</dc:language><meta:generator>Alliance Boréale (src/components/decide/odt.ts)</meta:generator></office:meta>
</office:document-meta>
`;
}

const MANIFEST_XML = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="${MIMETYPE}" manifest:version="1.3"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

/**
 * The .odt bytes of a Markdown text. Its title is its first `#` heading.
 * @throws OdtMarkdownError on Markdown the writer does not carry
 */
export function markdownToOdt(markdown: string, source = 'Markdown'): Uint8Array {
	const blocks = parseBlocks(markdown, source);
	const title = blocks.find((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 1)?.text ?? source;
	const entry = (text: string) => [strToU8(text), { level: 9 as const, mtime: FIXED_DATE }] as [Uint8Array, { level: 9; mtime: Date }];
	// Insertion order is the zip order: `mimetype` must come first, stored (level 0).
	return zipSync({
		mimetype: [strToU8(MIMETYPE), { level: 0, mtime: FIXED_DATE }],
		'META-INF/manifest.xml': entry(MANIFEST_XML),
		'content.xml': entry(contentXml(blocks)),
		'styles.xml': entry(STYLES_XML),
		'meta.xml': entry(metaXml(title.replace(/\*+/g, ''))),
	});
}
