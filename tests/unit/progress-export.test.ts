import { describe, expect, test } from 'vitest';
import { CODE_PREFIX, exportFileName, ImportError, parseExport, planMerge, toExportCode, toExportFile } from '../../src/progress/export.ts';
import type { Progress } from '../../src/progress/store.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const progress: Progress = {
	version: 1,
	modules: {
		'parcours/premiers-pas/terminal': '2026-11-20T10:00:00.000Z',
		'parcours/premiers-pas/fichiers': '2026-11-21T10:00:00.000Z',
		'parcours/administrer-un-serveur/reseau': '2026-11-22T10:00:00.000Z',
	},
	labs: { terminal: { '0': '2026-11-20T09:00:00.000Z', '2': '2026-11-20T09:30:00.000Z' }, fichiers: {} },
};

describe('export file', () => {
	test('round trip keeps every date and the name', () => {
		const back = parseExport(toExportFile(progress, '  Léa   B. ', NOW));
		expect(back).toEqual({ name: 'Léa B.', exportedAt: NOW.toISOString(), progress });
	});

	test('file name is plain ASCII and dated', () => {
		expect(exportFileName('Léa Bélanger', NOW)).toBe('progression-lea-belanger-2026-11-23.json');
		expect(exportFileName('', NOW)).toBe('progression-2026-11-23.json');
	});

	test.each([
		['{ pas du json', /JSON invalide/],
		['{"format":"autre"}', /n’est pas un export de progression d’Alliance Boréale/],
		['{"format":"alliance-boreale/progression","version":9}', /version du site que celle-ci ne connaît pas/],
		[
			JSON.stringify({ format: 'alliance-boreale/progression', version: 1, exportedAt: NOW.toISOString(), progress: { version: 1, modules: { x: 'hier' }, labs: {} } }),
			/abîmé : date illisible \(champ « progress\.modules\.x »\)/,
		],
	])('rejects %s with a French message', (input, message) => {
		expect(() => parseExport(input)).toThrow(ImportError);
		expect(() => parseExport(input)).toThrow(message);
	});
});

describe('export code', () => {
	test('is short and round-trips what was done (dates become the export date)', () => {
		const code = toExportCode(progress, 'Léa', NOW);
		expect(code.startsWith(CODE_PREFIX)).toBe(true);
		expect(code).toMatch(/^AB1-[A-Za-z0-9_-]+$/);
		expect(code.length).toBeLessThan(200);
		const back = parseExport(`  ${code.slice(0, 20)}\n${code.slice(20)}  `);
		expect(back.name).toBe('Léa');
		expect(back.exportedAt).toBe(NOW.toISOString());
		expect(Object.keys(back.progress.modules).sort()).toEqual(Object.keys(progress.modules).sort());
		expect(back.progress.labs).toEqual({ terminal: { '0': NOW.toISOString(), '2': NOW.toISOString() } });
	});

	test('a typo gives an actionable French error', () => {
		const code = toExportCode(progress, '', NOW);
		expect(() => parseExport(code.slice(0, -6))).toThrow(/incomplet ou contient une faute de frappe/);
		expect(() => parseExport('bonjour')).toThrow(/ni un code de progression/);
		expect(() => parseExport('   ')).toThrow(/Rien à importer/);
	});

	test('twenty modules still fit in a chat message', () => {
		const many: Progress = { version: 1, modules: {}, labs: {} };
		for (let i = 0; i < 20; i++) many.modules[`parcours/premiers-pas/module-${i}`] = NOW.toISOString();
		for (let i = 0; i < 10; i++) many.labs[`labo-${i}`] = { '0': NOW.toISOString(), '1': NOW.toISOString(), '2': NOW.toISOString() };
		expect(toExportCode(many, 'Samuel', NOW).length).toBeLessThan(300);
	});
});

describe('planMerge never overwrites the learner’s own progress', () => {
	test('adds only what is missing and keeps known dates', () => {
		const mine: Progress = {
			version: 1,
			modules: { 'parcours/premiers-pas/terminal': '2026-11-01T00:00:00.000Z', 'parcours/proxmox/stockage': '2026-11-02T00:00:00.000Z' },
			labs: { terminal: { '0': '2026-11-01T00:00:00.000Z' } },
		};
		const plan = planMerge(mine, progress);
		expect(plan.addedModules).toEqual(['parcours/administrer-un-serveur/reseau', 'parcours/premiers-pas/fichiers']);
		expect(plan.addedSteps).toEqual(['terminal#2']);
		expect(plan.merged.modules['parcours/premiers-pas/terminal']).toBe('2026-11-01T00:00:00.000Z');
		expect(plan.merged.modules['parcours/proxmox/stockage']).toBe('2026-11-02T00:00:00.000Z');
		expect(plan.merged.labs.terminal).toEqual({ '0': '2026-11-01T00:00:00.000Z', '2': '2026-11-20T09:30:00.000Z' });
		// The inputs are left untouched.
		expect(Object.keys(mine.modules)).toHaveLength(2);
	});

	test('importing the same export twice adds nothing', () => {
		const once = planMerge(progress, progress);
		expect(once.addedModules).toEqual([]);
		expect(once.addedSteps).toEqual([]);
		expect(once.merged).toEqual(progress);
	});
});
