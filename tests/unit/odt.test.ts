/**
 * The Markdown → .odt writer on the real sovereignty clauses model: the zip
 * is shaped as ODF requires (mimetype first and stored), its XML is well
 * formed, and no Markdown mark is left in the text. No office suite is
 * installed on these machines: the structure is checked against the ODF
 * rules instead of opening the file in LibreOffice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { inlineXml, markdownToOdt, parseBlocks } from '../../src/components/decide/odt.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MODEL = readFileSync(join(ROOT, 'public', 'modeles', 'clauses-souverainete.md'), 'utf8');

/** Tags open and close in order (a small well-formedness check: no XML parser in Node). */
function balanced(xml: string): boolean {
	const stack: string[] = [];
	for (const [, closing, name, selfClosing] of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>/g)) {
		if (selfClosing) continue;
		if (closing) {
			if (stack.pop() !== name) return false;
		} else stack.push(name);
	}
	return stack.length === 0;
}

describe('the sovereignty clauses as .odt', () => {
	const odt = markdownToOdt(MODEL, 'clauses-souverainete.md');
	const files = unzipSync(odt);

	test('mimetype is the first entry, stored uncompressed (ODF 1.3, part 2, § 3.3)', () => {
		const view = new DataView(odt.buffer, odt.byteOffset, odt.byteLength);
		expect(view.getUint32(0, true)).toBe(0x04034b50); // local file header
		expect(view.getUint16(8, true)).toBe(0); // compression method: stored
		const nameLength = view.getUint16(26, true);
		expect(strFromU8(odt.subarray(30, 30 + nameLength))).toBe('mimetype');
		expect(strFromU8(files.mimetype)).toBe('application/vnd.oasis.opendocument.text');
	});

	test('manifest, content, styles and metadata are there and well formed', () => {
		expect(Object.keys(files).sort()).toEqual(['META-INF/manifest.xml', 'content.xml', 'meta.xml', 'mimetype', 'styles.xml']);
		for (const name of ['META-INF/manifest.xml', 'content.xml', 'meta.xml', 'styles.xml']) expect(balanced(strFromU8(files[name])), name).toBe(true);
		expect(strFromU8(files['meta.xml'])).toContain('<dc:title>Clauses de souveraineté numérique : modèle à adapter</dc:title>');
	});

	test('the six clauses are headings, the clause texts are indented paragraphs, no Markdown mark is left', () => {
		const content = strFromU8(files['content.xml']);
		for (const title of ['1. Lieu des données', '2. Accès au code source', '3. Formats ouverts', '4. Réversibilité et plan de sortie', '5. Sous-traitance', '6. Avis d’incident']) {
			expect(content).toContain(`<text:h text:style-name="Heading_20_2" text:outline-level="2">${title}</text:h>`);
		}
		expect(content.match(/text:style-name="Clause"/g)!.length).toBeGreaterThanOrEqual(8);
		expect(content).toContain('<text:span text:style-name="Gras">Clause type.</text:span>');
		expect(content).toContain('<text:a xlink:type="simple" xlink:href="https://www.cai.gouv.qc.ca/">cai.gouv.qc.ca</text:a>');
		const text = content.replace(/<[^>]+>/g, '');
		expect(text).not.toMatch(/\*\*|\]\(|^#|^>/m);
	});

	test('the same Markdown gives the same bytes', () => {
		expect(markdownToOdt(MODEL, 'x')).toEqual(markdownToOdt(MODEL, 'x'));
	});
});

describe('the Markdown it reads', () => {
	test('blocks: headings, paragraphs on several lines, quotes, lists', () => {
		expect(parseBlocks('# Titre\n\nUne ligne\net la suite.\n\n> Citée\n\n- a\n- b\n1. un\n')).toEqual([
			{ kind: 'heading', level: 1, text: 'Titre' },
			{ kind: 'paragraph', text: 'Une ligne et la suite.' },
			{ kind: 'quote', text: 'Citée' },
			{ kind: 'list', ordered: false, items: ['a', 'b'] },
			{ kind: 'list', ordered: true, items: ['un'] },
		]);
	});
	test('inline marks and XML escaping', () => {
		expect(inlineXml('**a** & *b* [c](https://x.test/?a=1&b=2) <d>')).toBe(
			'<text:span text:style-name="Gras">a</text:span> &amp; <text:span text:style-name="Italique">b</text:span> <text:a xlink:type="simple" xlink:href="https://x.test/?a=1&amp;b=2">c</text:a> &lt;d&gt;',
		);
	});
	test('what it cannot carry is refused with the line, in French', () => {
		expect(() => parseBlocks('# T\n\n| a | b |\n', 'modele.md')).toThrow(/^modele\.md, ligne 3 : élément non pris en charge/);
		expect(() => parseBlocks('```\ncode\n```', 'modele.md')).toThrow(/ligne 1/);
		expect(() => parseBlocks('#### Trop profond', 'modele.md')).toThrow(/titre de niveau 4/);
	});
});
