import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatUi, ui } from '../../src/i18n/ui.ts';

describe('formatUi : valeurs et pluriels à la française', () => {
	test.each([
		[0, '0 étape réussie sur 5'],
		[1, '1 étape réussie sur 5'],
		[2, '2 étapes réussies sur 5'],
		[5, '5 étapes réussies sur 5'],
	])('boreale.lab.stepCount avec done = %i', (done, expected) => {
		expect(ui('boreale.lab.stepCount', { done, total: 5 })).toBe(expected);
	});

	test('each count of a string takes its own form', () => {
		expect(ui('boreale.export.imported', { modules: 1, steps: 3 })).toBe('Progression importée : 1 module et 3 étapes ajoutés.');
		expect(ui('boreale.export.imported', { modules: 2, steps: 0 })).toBe('Progression importée : 2 modules et 0 étape ajoutés.');
		expect(ui('boreale.mentor.added', { count: 1 })).toBe('1 progression ajoutée.');
		expect(ui('boreale.mentor.added', { count: 12 })).toBe('12 progressions ajoutées.');
	});

	test('a form may hold placeholders, and a missing value stays visible', () => {
		expect(formatUi('{n, plural, one {# fichier dans {dir}} other {# fichiers dans {dir}}}', { n: 3, dir: '/tmp' })).toBe('3 fichiers dans /tmp');
		expect(formatUi('{n, plural, one {# fichier} other {# fichiers}} et {reste}', {})).toBe('{n, plural, one {# fichier} other {# fichiers}} et {reste}');
		expect(formatUi('Bonjour {nom} !', { nom: 'Samira' })).toBe('Bonjour Samira !');
	});

	test('French CLDR « many » (a million) falls back to « other » when no form is given', () => {
		expect(formatUi('{n, plural, one {# octet} other {# octets}}', { n: 1_000_000 })).toBe('1000000 octets');
	});

	test('a plural without an « other » form is an error that names the variable', () => {
		expect(() => formatUi('{n, plural, one {# octet}}', { n: 4 })).toThrow(/pluriel de « n » sans forme « other »/);
	});
});

test('no interface string leaves the plural to the reader with « (s) »', () => {
	const strings: Record<string, string> = JSON.parse(readFileSync('src/content/i18n/fr.json', 'utf8'));
	const lazy = Object.entries(strings).filter(([, value]) => /\w\(s\)/.test(value)).map(([key]) => key);
	expect(lazy).toEqual([]);
});

test('the path page counts its finished modules with agreement, and no component writes « (s) » itself', () => {
	expect([0, 1, 2].map((n) => ui('boreale.path.modulesDone', { n }))).toEqual(['module terminé', 'module terminé', 'modules terminés']);
	const overview = readFileSync('src/components/parcours/PathOverview.astro', 'utf8');
	expect(overview).not.toMatch(/\w\(s\)/);
});
