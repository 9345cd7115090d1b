/**
 * The cost calculator's arithmetic, validation and CSV, on a worked example
 * whose figures are computed here by hand (the starting figures of the
 * page: a 15-person organisation).
 */
import { describe, expect, test } from 'vitest';
import { computeCosts, breakEvenYear, electricityPerYear, formatDecimal, formatDollars, hardwareByYear, lineTotal, localTotal, scenarioTotal, type CostResult } from '../../src/components/decide/cost-model.ts';
import { COST_FIELDS, problemsByField, readNumber, validateCostInputs } from '../../src/components/decide/cost-schema.ts';
import { DEFAULT_INPUTS, DEFAULT_SOURCES } from '../../src/components/decide/cost-defaults.ts';
import { costCsv } from '../../src/components/decide/cost-export.ts';
import { costSummary, costTableHtml } from '../../src/components/decide/cost-view.ts';
import { costChartSvg, niceStep } from '../../src/components/decide/cost-chart.ts';
import { ValidationError } from '../../src/schemas/validate.ts';

const line = (result: CostResult, id: string) => result.lines.find((l) => l.id === id)!;

describe('the worked example (starting figures)', () => {
	const result = computeCosts(DEFAULT_INPUTS);

	test('rented suite: 15 licences at 14 $ a month, 50 h of administration at 35 $/h', () => {
		// 15 × 14 × 12 = 2 520 $ a year; 50 × 35 = 1 750 $ a year.
		expect(lineTotal(line(result, 'licences'), 5)).toBe(1_260_000);
		expect(lineTotal(line(result, 'licences'), 10)).toBe(2_520_000);
		expect(lineTotal(line(result, 'rentedAdmin'), 10)).toBe(1_750_000);
		expect(scenarioTotal(result, 'rented', 5)).toBe(2_135_000); // 21 350 $
		expect(scenarioTotal(result, 'rented', 10)).toBe(4_270_000); // 42 700 $
	});

	test('owned services: every line over 5 and 10 years, to the cent', () => {
		expect(lineTotal(line(result, 'hardware'), 10)).toBe(400_000); // bought once, kept 10 years
		expect(lineTotal(line(result, 'setup'), 10)).toBe(340_000); // 40 h × 85 $, the first year only
		expect(lineTotal(line(result, 'staff'), 5)).toBe(910_000); // 52 h × 35 $ × 5
		expect(lineTotal(line(result, 'coop'), 10)).toBe(3_400_000); // 40 h × 85 $ × 10
		expect(lineTotal(line(result, 'consultants'), 10)).toBe(0);
		// 2 days × 800 $ the first year, then ½ day × 800 $ a year.
		expect(lineTotal(line(result, 'training'), 5)).toBe(320_000);
		expect(lineTotal(line(result, 'training'), 10)).toBe(520_000);
		// 60 W × 8 760 h = 525,6 kWh × 0,12 $ = 63,072 $, kept as 63,07 $ a year.
		expect(electricityPerYear(60, 0.12)).toBeCloseTo(63.072, 10);
		expect(lineTotal(line(result, 'electricity'), 5)).toBe(31_535);
		expect(lineTotal(line(result, 'electricity'), 10)).toBe(63_070);
		expect(scenarioTotal(result, 'owned', 5)).toBe(3_701_535); // 37 015,35 $
		expect(scenarioTotal(result, 'owned', 10)).toBe(6_543_070); // 65 430,70 $
	});

	test('money spent here and the year the curves cross', () => {
		expect(localTotal(result, 'owned', 10)).toBe(6_543_070 - 400_000);
		expect(localTotal(result, 'rented', 10)).toBe(1_750_000);
		expect(breakEvenYear(result)).toBeUndefined();
		expect(costSummary(result)).toEqual([
			'Sur 10 ans\u00a0: 42\u00a0700\u00a0$ pour la suite louée, 65\u00a0431\u00a0$ pour les services libres hébergés ici.',
			'Avec ces chiffres, les services libres coûtent 22\u00a0731\u00a0$ de plus sur 10 ans.',
			'Sur 10 ans, le total des services libres ne passe pas sous celui de la suite louée.',
			'Part dépensée ici sur 10 ans\u00a0: 94\u00a0% pour les services libres, 41\u00a0% pour la suite louée.',
		]);
	});

	test('a larger organisation on Business Premium: the owned scenario is cheaper from the end of year 1', () => {
		const big = computeCosts({ ...DEFAULT_INPUTS, users: 100, licencePerUserMonth: 22 });
		// Year 1: rented 26 400 + 1 750 = 28 150 $; owned 4 000 + 3 400 + 1 820 + 3 400 + 1 600 + 63,07 = 14 283,07 $.
		expect(big.cumulative.rented[0]).toBe(2_815_000);
		expect(big.cumulative.owned[0]).toBe(1_428_307);
		expect(breakEvenYear(big)).toBe(1);
		expect(scenarioTotal(big, 'rented', 10)).toBe(28_150_000);
	});
});

describe('hardware renewals', () => {
	test('kept 3 years: bought in years 1, 4, 7 and 10', () => {
		expect(hardwareByYear(1000, 3)).toEqual([100_000, 0, 0, 100_000, 0, 0, 100_000, 0, 0, 100_000]);
		const result = computeCosts({ ...DEFAULT_INPUTS, hardwareYears: 3 });
		expect(lineTotal(line(result, 'hardware'), 5)).toBe(800_000);
		expect(lineTotal(line(result, 'hardware'), 10)).toBe(1_600_000);
	});
	test('kept 5 years: bought in years 1 and 6', () => {
		expect(hardwareByYear(4000, 5).filter((c) => c > 0)).toHaveLength(2);
	});
});

describe('validation, in French, field by field', () => {
	test('the starting figures are valid and every field has a dated source', () => {
		expect(validateCostInputs(DEFAULT_INPUTS)).toEqual(DEFAULT_INPUTS);
		for (const field of COST_FIELDS) {
			expect(DEFAULT_SOURCES[field].date, field).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(DEFAULT_SOURCES[field].text.length, field).toBeGreaterThan(20);
		}
	});

	test('what a person types: decimal comma, thousands spaces, words', () => {
		expect(readNumber('12,50')).toBe(12.5);
		expect(readNumber('1 200,5')).toBe(1200.5);
		expect(readNumber('1\u00a0200')).toBe(1200);
		expect(readNumber('  ')).toBeUndefined();
		expect(readNumber('douze')).toBe('douze');
		expect(readNumber('1,2,3')).toBe('1,2,3');
	});

	test('each wrong field is named with what is accepted', () => {
		let caught: unknown;
		try {
			validateCostInputs({ ...DEFAULT_INPUTS, licencePerUserMonth: 'douze', users: 0, hardwareYears: 2.5, kwhPrice: -1, coopRate: undefined });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ValidationError);
		const byField = problemsByField(caught as ValidationError);
		expect(Object.fromEntries(byField)).toEqual({
			licencePerUserMonth: '« douze » n’est pas un nombre : écrivez des chiffres, avec une virgule pour les décimales (par exemple 12,50)',
			users: 'valeur trop petite : au moins 1',
			hardwareYears: 'nombre entier attendu (sans décimales)',
			kwhPrice: 'valeur trop petite : au moins 0',
			coopRate: 'valeur manquante : écrivez un nombre, par exemple 12,50',
		});
	});

	test('an unknown key is refused', () => {
		expect(() => validateCostInputs({ ...DEFAULT_INPUTS, licences: 3 })).toThrow(/clé inconnue : licences/);
	});
});

describe('CSV export', () => {
	test('inputs with their source, then every line over 5 and 10 years with cents', () => {
		const input = { ...DEFAULT_INPUTS, users: 20 };
		const csv = costCsv(input, computeCosts(input), '2026-12-05');
		const rows = csv.split('\r\n');
		expect(rows[0]).toBe('Comparaison des coûts, calculée le 2026-12-05 avec le calculateur de l’Alliance Boréale');
		expect(rows).toContain('Paramètre;Valeur;Source');
		expect(rows).toContain('Nombre de personnes qui ont un compte;20;Chiffre saisi par l’organisme');
		expect(rows.find((r) => r.startsWith('Prix d’un kWh ($);0,12;'))).toMatch(/\(2026-12-05\)"$/);
		expect(rows).toContain('Poste;Scénario;5 ans (dollars);10 ans (dollars)');
		// 20 × 14 × 12 = 3 360 $ a year.
		expect(rows).toContain('Licences;Suite louée;16800,00;33600,00');
		expect(rows).toContain('Électricité;Services libres hébergés ici;315,35;630,70');
		expect(rows).toContain('Total\u00a0: Suite louée;Suite louée;25550,00;51100,00');
		expect(rows).toContain('Total\u00a0: Services libres hébergés ici;Services libres hébergés ici;37015,35;65430,70');
		expect(csv.endsWith('\r\n')).toBe(true);
	});

	test('a cell holding a semicolon or a quote is quoted', () => {
		const csv = costCsv(DEFAULT_INPUTS, computeCosts(DEFAULT_INPUTS), '2026-12-05');
		// The licence source holds « ; » : the cell is quoted, so the row keeps three columns.
		const licenceRow = csv.split('\r\n').find((r) => r.startsWith('Licence par personne'))!;
		expect(licenceRow).toMatch(/^Licence par personne et par mois \(\$\);14;".*"$/);
	});
});

describe('table, chart and formats', () => {
	const result = computeCosts(DEFAULT_INPUTS);
	test('formats', () => {
		expect(formatDollars(4_270_000)).toBe('42\u00a0700\u00a0$');
		expect(formatDecimal(6_543_070)).toBe('65430,70');
		expect(formatDecimal(5)).toBe('0,05');
	});
	test('the table has one row per line and the totals', () => {
		const html = costTableHtml(result);
		expect(html).toContain('<tr class="cost-table__total" data-total="rented"><th scope="row">Total\u00a0: Suite louée</th><td>21\u00a0350\u00a0$</td><td>42\u00a0700\u00a0$</td></tr>');
		expect(html.match(/<tr data-line=/g)).toHaveLength(result.lines.length);
	});
	test('the chart is a titled image with both 10-year totals in its description', () => {
		const svg = costChartSvg(result, 'x');
		expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="x-titre x-desc"/);
		expect(svg).toContain('La suite louée atteint 42\u00a0700\u00a0$ et les services libres 65\u00a0431\u00a0$');
		expect(svg.match(/<rect /g)).toHaveLength(10);
		expect(svg.match(/<circle /g)).toHaveLength(10);
		expect(niceStep(6_543_070)).toBe(2_000_000);
	});
});
