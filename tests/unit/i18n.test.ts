import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

/** Starlight's bundled UI strings for a language (not part of its public exports). */
async function starlightStrings(lang: string): Promise<Record<string, string>> {
	const url = new URL(`../../node_modules/@astrojs/starlight/dist/translations/${lang}.js`, import.meta.url);
	return (await import(/* @vite-ignore */ url.href)).default;
}
const starlightFrench = await starlightStrings('fr');
const starlightEnglish = await starlightStrings('en');

const ours: Record<string, string> = JSON.parse(readFileSync('src/content/i18n/fr.json', 'utf8'));

// Pagefind's search UI reads these keys; Starlight ships no French for them,
// so without ours a French reader would see « Clear » and « 4 results for… ».
const PAGEFIND_KEYS = [
	'pagefind.clear_search',
	'pagefind.load_more',
	'pagefind.search_label',
	'pagefind.filters_label',
	'pagefind.zero_results',
	'pagefind.many_results',
	'pagefind.one_result',
	'pagefind.alt_search',
	'pagefind.search_suggestion',
	'pagefind.searching',
];

test('every Starlight interface string has a French value', () => {
	const french = { ...starlightFrench, ...ours };
	const missing = [...Object.keys(starlightEnglish), ...PAGEFIND_KEYS].filter((key) => !french[key]);
	expect(missing).toEqual([]);
});

test('our French strings use typographic apostrophes and address the reader with « tu »', () => {
	for (const [key, value] of Object.entries(ours)) {
		expect(value, key).not.toMatch(/'/);
		expect(value, key).not.toMatch(/\b(vous|votre|vos|Essayez|Vérifiez)\b/);
	}
});
